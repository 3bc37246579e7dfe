import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";

/** The same address for calendar apps: `webcal://` opens the subscription dialog of the device's calendar. */
export function webcalUrl(feedUrl: string): string {
  return feedUrl.replace(/^https?:\/\//, "webcal://");
}

/**
 * Ways to follow a feed: subscribe (webcal), download once, or copy the https address for apps that
 * ask for one. The copy button appears once scripts run; without them the address can be selected.
 */
export function CalendarSubscribe({ feedUrl }: { feedUrl: string }) {
  const { t } = useTranslation("calendar");
  const inputId = useId();
  const hintId = useId();
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);

  async function copy() {
    await navigator.clipboard.writeText(feedUrl);
    setCopied(true);
  }

  return (
    <div className="calendar-subscribe">
      <p className="calendar-subscribe-links">
        <a className="button primary" href={webcalUrl(feedUrl)}>
          {t("subscribe.subscribe")}
        </a>{" "}
        <a className="button" href={feedUrl} download>
          {t("subscribe.download")}
        </a>
      </p>
      <div className="field calendar-subscribe-address">
        <label htmlFor={inputId}>{t("subscribe.copyLabel")}</label>
        <div className="calendar-subscribe-copy">
          <input id={inputId} type="url" readOnly value={feedUrl} aria-describedby={hintId} onFocus={(event) => event.currentTarget.select()} />
          {canCopy ? (
            <button type="button" onClick={() => void copy()}>
              {t("subscribe.copy")}
            </button>
          ) : null}
        </div>
        <p className="field-hint" id={hintId}>
          {t("subscribe.hint")}
        </p>
        <p role="status" className="calendar-subscribe-status">
          {copied ? t("subscribe.copied") : ""}
        </p>
      </div>
    </div>
  );
}
