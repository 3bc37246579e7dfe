import { useTranslation } from "react-i18next";
import { formatFileSize } from "~/utils/file-size";

interface AttachmentRow {
  id: number;
  annex_label: string | null;
  file_name: string;
  size_bytes: number;
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
