import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/i18n/page-title";
import { listOutbox } from "~/models/mail.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { MAX_ID } from "~/utils/form-schemas";
import { formatInstant } from "~/utils/localized";

export const policy = "admin" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "accounts:outbox.title") }];

/** `?page=` as typed; anything that is not a page number is the first page. */
function pageFrom(request: Request): number {
  const value = new URL(request.url).searchParams.get("page") ?? "";
  return /^\d{1,9}$/.test(value) ? Math.min(Number(value), MAX_ID) : 1;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await authorize(policy, { request, params });
  return listOutbox(db, { page: pageFrom(request) });
}

export default function OutboxPage() {
  const { messages, page, pageCount, total } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("accounts");
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t("outbox.title")}</h1>
      <p>{t("outbox.intro")}</p>
      {messages.length === 0 ? (
        <p>{t("outbox.empty")}</p>
      ) : (
        <>
          <p>{t("outbox.count", { count: total })}</p>
          <ol className="plain-list">
            {messages.map((message) => (
              <li key={message.id}>
                <article aria-labelledby={`mail-${message.id}-subject`} lang={message.language}>
                  <h2 id={`mail-${message.id}-subject`}>{message.subject}</h2>
                  <dl className="facts" lang={i18n.language}>
                    <dt>{t("outbox.to")}</dt>
                    <dd>{message.to}</dd>
                    <dt>{t("outbox.when")}</dt>
                    <dd>{formatInstant(message.createdAt, i18n.language, "UTC")}</dd>
                    <dt>{t("outbox.language")}</dt>
                    <dd>{t(`languages.${message.language}`)}</dd>
                    {message.eventSlug ? (
                      <>
                        <dt>{t("outbox.event")}</dt>
                        <dd>
                          <Link to={`/events/${message.eventSlug}`}>{message.eventSlug}</Link>
                        </dd>
                      </>
                    ) : null}
                  </dl>
                  <h3 lang={i18n.language}>{t("outbox.textBody")}</h3>
                  <pre style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{message.text}</pre>
                  <details>
                    <summary lang={i18n.language}>{t("outbox.htmlBody")}</summary>
                    {/* An empty sandbox: the message's HTML runs no script, submits nothing and reaches nothing of this page. */}
                    <iframe sandbox="" srcDoc={message.html} title={t("outbox.htmlFrameTitle", { to: message.to })} style={{ width: "100%", height: "28rem", border: "1px solid currentColor" }} />
                  </details>
                </article>
              </li>
            ))}
          </ol>
          {pageCount > 1 ? (
            <nav aria-label={t("outbox.pagination")}>
              <p>{t("outbox.page", { page, pageCount })}</p>
              <ul className="plain-list">
                {page > 1 ? (
                  <li>
                    <Link to={`?page=${page - 1}`} rel="prev">
                      {t("outbox.previous")}
                    </Link>
                  </li>
                ) : null}
                {page < pageCount ? (
                  <li>
                    <Link to={`?page=${page + 1}`} rel="next">
                      {t("outbox.next")}
                    </Link>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}
