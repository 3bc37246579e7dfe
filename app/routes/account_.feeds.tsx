import { useValidatedForm } from "~/components/ui/use-validated-form";
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getEnv } from "../../lib/env.server";
import { CalendarSubscribe } from "~/components/calendar/calendar-subscribe";
import { requiredId } from "~/components/manage/schema-fields";
import { BilingualText, NativeName } from "~/components/ui/bilingual-text";
import { ErrorSummary } from "~/components/ui/error-summary";
import { StatusMessage } from "~/components/ui/status-message";
import { pageTitle } from "~/i18n/page-title";
import { MAX_FEED_TOKENS_PER_EVENT, createFeedToken, listFeedChoices, listFeedTokens, revokeFeedToken, type FeedSubject } from "~/models/feed-token.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { invariantResponse } from "~/utils/http.server";
import { formatInstant, localized } from "~/utils/localized";

const feedSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("create"),
      eventId: requiredId,
      kind: z.enum(["person", "delegation"], { errorMap: () => ({ message: "validation.invalidChoice" }) }),
    }),
    z.object({ intent: z.literal("revoke"), tokenId: requiredId }),
  ],
  { errorMap: () => ({ message: "validation.invalidChoice" }) },
);

export const policy = "signed-in" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "feeds:title") }];

// The page shows secret addresses: no copy kept by any cache, and none of its address sent on.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user } = await authorize(policy, { request, params });
  const [feeds, choices] = await Promise.all([listFeedTokens(db, { userId: user.id, secret: getEnv().SESSION_SECRET }), listFeedChoices(db, user.id)]);
  return { feeds, choices, origin: new URL(request.url).origin, maxFeeds: MAX_FEED_TOKENS_PER_EVENT };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user } = await authorize(policy, { request, params });
  const submission = parseSubmission(await readForm(request), { schema: feedSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), notice: null }, { status: 400 });
  }
  const input = submission.value;
  if (input.intent === "revoke") {
    // Someone else's feed, or one already revoked, is not there for this account.
    invariantResponse(await revokeFeedToken(db, { userId: user.id, tokenId: input.tokenId }), "Not found", 404);
    return { result: submission.reply(), notice: "revoked" as const };
  }
  const outcome = await createFeedToken(db, { userId: user.id, eventId: input.eventId, kind: input.kind, secret: getEnv().SESSION_SECRET });
  if (!outcome.ok) {
    const message = outcome.problem === "too_many" ? "feeds:errors.tooMany" : "feeds:errors.notEntitled";
    return data({ result: submission.reply({ formErrors: [message] }), notice: null }, { status: 400 });
  }
  return { result: submission.reply(), notice: "created" as const };
}

function subjectName(subject: FeedSubject, language: string): string {
  if (subject.kind === "delegation") return localized(subject.name.en, subject.name.zh, language);
  return subject.nameNative ? `${subject.name} (${subject.nameNative})` : subject.name;
}

function SubjectText({ subject, language }: { subject: FeedSubject; language: string }) {
  if (subject.kind === "delegation") return <BilingualText en={subject.name.en} zh={subject.name.zh} language={language} />;
  return (
    <>
      {subject.name}
      {subject.nameNative ? (
        <>
          {" ("}
          <NativeName name={subject.nameNative} language={language} />)
        </>
      ) : null}
    </>
  );
}

export default function AccountFeedsPage() {
  const { feeds, choices, origin, maxFeeds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("feeds");
  const language = i18n.language;
  // Calendar apps send no cookie: the address carries the language the feed is written in.
  const feedLanguage = language === "zh-TW" ? "zh-TW" : "en";
  const [form] = useValidatedForm({ id: "feed-actions", lastResult: actionData?.result });

  return (
    <section aria-labelledby="feeds-title">
      <h1 id="feeds-title">{t("title")}</h1>
      <p>{t("intro")}</p>
      <StatusMessage>{actionData?.notice ? t(`notices.${actionData.notice}`) : null}</StatusMessage>
      <ErrorSummary form={form} messageValues={{ "feeds:errors.tooMany": { max: maxFeeds } }} />

      <h2>{t("yourFeeds")}</h2>
      {feeds.length === 0 ? <p>{t("none")}</p> : null}
      {feeds.map((feed) => {
        const eventTitle = localized(feed.event.title.en, feed.event.title.zh, language) || feed.event.slug;
        return (
          <article key={feed.id} aria-labelledby={`feed-${feed.id}`} className="feed-token">
            <h3 id={`feed-${feed.id}`}>
              {t(`kind.${feed.kind}`)}
              {t("kindSeparator")}
              <SubjectText subject={feed.subject} language={language} /> ·{" "}
              <Link to={`/events/${feed.event.slug}`}>
                <BilingualText en={feed.event.title.en} zh={feed.event.title.zh} language={language} fallback={feed.event.slug} />
              </Link>
            </h3>
            <dl className="facts">
              <dt>{t("created")}</dt>
              <dd>{formatInstant(feed.createdAt, language, "UTC")} UTC</dd>
              <dt>{t("lastUsed")}</dt>
              <dd>{feed.lastUsedAt ? `${formatInstant(feed.lastUsedAt, language, "UTC")} UTC` : t("neverUsed")}</dd>
            </dl>
            {!feed.active ? (
              <p className="callout warning">{t("inactive")}</p>
            ) : feed.token === null ? (
              <p className="callout warning">{t("addressLost")}</p>
            ) : (
              <CalendarSubscribe feedUrl={`${origin}/feeds/${feed.token}/calendar.ics?lang=${feedLanguage}`} />
            )}
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <input type="hidden" name="tokenId" value={feed.id} />
              <button type="submit" aria-label={t("revokeLabel", { subject: subjectName(feed.subject, language), event: eventTitle })}>
                {t("revoke")}
              </button>
            </Form>
          </article>
        );
      })}

      <h2>{t("create.heading")}</h2>
      {choices.length === 0 ? (
        <p>{t("create.noChoices")}</p>
      ) : (
        <>
          <p>{t("create.intro")}</p>
          {choices.map((choice) => (
            <section key={choice.event.id} aria-labelledby={`feed-choice-${choice.event.id}`}>
              <h3 id={`feed-choice-${choice.event.id}`}>
                <BilingualText en={choice.event.title.en} zh={choice.event.title.zh} language={language} fallback={choice.event.slug} />
              </h3>
              <div className="feed-choices">
                <Form method="post">
                  <input type="hidden" name="intent" value="create" />
                  <input type="hidden" name="eventId" value={choice.event.id} />
                  <input type="hidden" name="kind" value="person" />
                  <button type="submit">{t("create.person")}</button>
                </Form>
                {choice.delegation ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="create" />
                    <input type="hidden" name="eventId" value={choice.event.id} />
                    <input type="hidden" name="kind" value="delegation" />
                    <button type="submit">
                      {t("create.delegation", { delegation: localized(choice.delegation.name.en, choice.delegation.name.zh, language) })}
                    </button>
                  </Form>
                ) : null}
              </div>
            </section>
          ))}
        </>
      )}
    </section>
  );
}
