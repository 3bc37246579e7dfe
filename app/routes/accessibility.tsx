import type { MetaFunction } from "@remix-run/node";
import { Trans, useTranslation } from "react-i18next";
import { pageTitle } from "~/i18n/page-title";
import { formatOfficialDay } from "~/utils/localized";
import type { RoutePolicy } from "~/policy.server";

// The accessibility statement agencies are asked to publish: the same page for everyone, no data.
export const policy = "public" satisfies RoutePolicy;

/** The day this statement was written; change it whenever the statement changes. */
const STATEMENT_DATE = "2026-11-30";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "accessibility.title") }];

const CHECKS = ["automated", "keyboard", "limits"] as const;
const LIMITATIONS = ["options", "sentences", "names", "content", "documents"] as const;

export default function AccessibilityStatement() {
  const { t, i18n } = useTranslation();
  return (
    <article className="accessibility-statement" aria-labelledby="accessibility-title">
      <h1 id="accessibility-title">{t("accessibility.title")}</h1>
      <p>{t("accessibility.intro")}</p>

      <section aria-labelledby="accessibility-standard">
        <h2 id="accessibility-standard">{t("accessibility.standardTitle")}</h2>
        <p>
          {/* The English text names the Taiwanese guideline in Chinese: <zh> gives that part its lang. */}
          <Trans i18nKey="accessibility.standard" components={{ zh: <span lang="zh-TW" /> }} />
        </p>
      </section>

      <section aria-labelledby="accessibility-checks">
        <h2 id="accessibility-checks">{t("accessibility.checksTitle")}</h2>
        <ul>
          {CHECKS.map((key) => (
            <li key={key}>{t(`accessibility.checks.${key}`)}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="accessibility-limitations">
        <h2 id="accessibility-limitations">{t("accessibility.limitationsTitle")}</h2>
        <ul>
          {LIMITATIONS.map((key) => (
            <li key={key}>{t(`accessibility.limitations.${key}`)}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="accessibility-report">
        <h2 id="accessibility-report">{t("accessibility.reportTitle")}</h2>
        <p>{t("accessibility.report")}</p>
        <p>{t("accessibility.reportDetails")}</p>
      </section>

      <p className="muted">{t("accessibility.date", { date: formatOfficialDay(STATEMENT_DATE, i18n.language) })}</p>
    </article>
  );
}
