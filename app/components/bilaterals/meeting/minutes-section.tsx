import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { MinutesVersion } from "~/models/bilateral-meeting.server";
import { ErrorSummary } from "~/components/ui/error-summary";
import { StatusMessage } from "~/components/ui/status-message";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { parseSubmission } from "~/utils/form-submission";
import { localized } from "~/utils/localized";
import { LanguageTextarea } from "./language-textarea";
import { formatSavedAt } from "./meeting-time";
import { minutesSchema } from "./schemas";
import { WrittenText } from "./written-text";

/** One version: both languages side by side, each as written. */
function MinutesBodies({ version }: { version: MinutesVersion }) {
  const { t } = useTranslation("meetings");
  return (
    <div className="minutes-columns">
      {(
        [
          ["en", version.body_en, t("english")],
          ["zh-TW", version.body_zh, t("chinese")],
        ] as const
      ).map(([lang, body, heading]) => (
        <div key={lang} className="minutes-column">
          <p className="minutes-language">{heading}</p>
          {body === null ? <p className="muted">{t("minutes.emptyLanguage")}</p> : <WrittenText text={body} lang={lang} />}
        </div>
      ))}
    </div>
  );
}

function SavedBy({ version, zone }: { version: MinutesVersion; zone: string }) {
  const { t, i18n } = useTranslation("meetings");
  const delegation = version.authorDelegation ? localized(version.authorDelegation.name_en, version.authorDelegation.name_zh, i18n.language) : "—";
  return (
    <>
      {t("minutes.savedBy", {
        name: version.authorName ?? t("minutes.unknownAuthor"),
        delegation,
        time: formatSavedAt(version.createdAt, i18n.language, zone),
      })}
    </>
  );
}

/**
 * The shared minutes: the current version in both languages, the form that saves a new one (on the
 * version it shows, so a save made meanwhile by someone else is not overwritten), and every earlier
 * version in a disclosure.
 */
export function MinutesSection({
  current,
  history,
  newer,
  writable,
  zone,
  lastResult,
  notice,
}: {
  current: MinutesVersion | null;
  history: readonly MinutesVersion[];
  /** The version someone else saved while this viewer edited (after a refused stale save). */
  newer: MinutesVersion | null;
  writable: boolean;
  zone: string;
  lastResult: SubmissionResult<string[]> | undefined;
  notice: string | null;
}) {
  const { t } = useTranslation("meetings");
  const [form, fields] = useValidatedForm({
    id: "minutes",
    lastResult,
    defaultValue: { bodyEn: current?.body_en ?? "", bodyZh: current?.body_zh ?? "" },
    constraint: getZodConstraint(minutesSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: minutesSchema }),
    shouldValidate: "onSubmit",
  });
  // The newest version known, whether the page was reloaded since the refusal or not.
  const base = Math.max(current?.id ?? 0, newer?.id ?? 0) || null;
  return (
    <section className="meeting-section minutes-section" aria-labelledby="minutes-title">
      <h2 id="minutes-title">{t("minutes.title")}</h2>
      <p className="muted">{t("minutes.intro")}</p>
      <StatusMessage>{notice ? t(notice) : null}</StatusMessage>
      {current ? (
        <div className="minutes-current">
          <MinutesBodies version={current} />
          <p className="muted minutes-saved-by">
            <SavedBy version={current} zone={zone} />
          </p>
        </div>
      ) : (
        <p>{t("minutes.none")}</p>
      )}

      {writable ? (
        <Form method="post" {...getFormProps(form)} className="minutes-form">
          <h3>{t("minutes.edit")}</h3>
          <ErrorSummary form={form} />
          {newer && newer.id !== current?.id ? (
            <div className="minutes-newer">
              <p className="minutes-newer-title">{t("minutes.newer")}</p>
              <MinutesBodies version={newer} />
              <p className="muted">
                <SavedBy version={newer} zone={zone} />
              </p>
            </div>
          ) : null}
          <input type="hidden" name="baseRevisionId" value={base ?? ""} />
          <div className="minutes-columns">
            <LanguageTextarea meta={fields.bodyEn} label={t("minutes.bodyEn")} lang="en" rows={12} />
            <LanguageTextarea meta={fields.bodyZh} label={t("minutes.bodyZh")} lang="zh-TW" rows={12} />
          </div>
          <button type="submit" name="intent" value="save-minutes" className="primary">
            {t("minutes.save")}
          </button>
        </Form>
      ) : null}

      {history.length > 0 ? (
        <details className="minutes-history">
          <summary>{t("minutes.history", { count: history.length })}</summary>
          <ol reversed>
            {history.map((version) => (
              <li key={version.id}>
                <p className="minutes-version-label">
                  <SavedBy version={version} zone={zone} />
                  {version.id === current?.id ? <span className="badge">{t("minutes.current")}</span> : null}
                </p>
                <MinutesBodies version={version} />
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
