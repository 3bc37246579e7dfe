import { useTranslation } from "react-i18next";

interface AttachmentRow {
  id: number;
  annex_label: string | null;
  file_name: string;
  size_bytes: number;
}

/** "2.4 MB" / "2.4 MB": sizes in the reader's number format, decimal units as file managers show. */
export function formatFileSize(bytes: number, language: string): string {
  const [unit, divisor] = bytes >= 1_000_000 ? (["megabyte", 1_000_000] as const) : bytes >= 1_000 ? (["kilobyte", 1_000] as const) : (["byte", 1] as const);
  return new Intl.NumberFormat(language, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(bytes / divisor);
}

/** Downloads go through the event's attachment route, which checks the viewer may read the event. */
export function AttachmentList({ attachments, slug }: { attachments: AttachmentRow[]; slug: string }) {
  const { t, i18n } = useTranslation("agenda");
  return (
    <ul className="attachment-list">
      {attachments.map((attachment) => (
        <li key={attachment.id}>
          {attachment.annex_label ? <span className="badge">{attachment.annex_label}</span> : null}{" "}
          <a href={`/events/${encodeURIComponent(slug)}/attachments/${attachment.id}`} download={attachment.file_name} aria-label={t("session.download", { name: attachment.file_name })}>
            {attachment.file_name}
          </a>{" "}
          <span className="muted">({formatFileSize(attachment.size_bytes, i18n.language)})</span>
        </li>
      ))}
    </ul>
  );
}
