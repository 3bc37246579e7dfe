import type { SubmissionResult } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Db } from "../../db/client";
import { zoneName } from "../../lib/zoned-time";
import { BilateralCard, answersNow, type BilateralCardItem } from "~/components/bilaterals/requests/bilateral-card";
import type { FreeStart } from "~/components/bilaterals/requests/answer-forms";
import type { MessageValues } from "~/components/bilaterals/requests/choice-fields";
import { DirectBookingFinder, RequestForm, SelfBookForm } from "~/components/bilaterals/requests/request-form";
import { acceptSchema, cancelSchema, declineSchema, proposeSchema, requestSchema, selfBookSchema } from "~/components/bilaterals/requests/schemas";
import { BilingualText } from "~/components/ui/bilingual-text";
import { StatusMessage } from "~/components/ui/status-message";
import { pageTitle } from "~/i18n/page-title";
import {
  acceptBilateral,
  cancelBilateral,
  createBilateralRequest,
  declineBilateral,
  freeStartsFor,
  listBilateralsOf,
  proposeBilateralTime,
  selfBookBilateral,
  type BilateralListItem,
  type BilateralProblem,
  type BilateralResult,
} from "~/models/bilateral.server";
import { mailBilateralChange, type BilateralChange } from "~/models/bilateral-mail.server";
import { getBilateralSetup, loadAvailability } from "~/models/bilateral-setup.server";
import { getDelegation, getDelegationStanding, listDelegations } from "~/models/delegation.server";
import { authorize, delegationViewerFor, organizes, type RoutePolicy } from "~/policy.server";
import { startsFor } from "~/scheduling/bilateral-slots";
import { readForm } from "~/utils/form-data.server";
import { decimalInteger, MAX_ID } from "~/utils/form-schemas";
import { parseSubmission } from "~/utils/form-submission";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";

/*
 * A delegation's bilateral meetings (/events/:slug/bilaterals), for its members: requests to
 * answer, those waiting for the other side, meetings agreed, booked and closed, a form to ask for a
 * meeting, and direct booking where both delegations accept it. Each answer names the request's
 * version, so a form made before someone else acted is refused as stale.
 */

export const policy = "event-attendee" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "bilaterals:title") }];

const actionSchema = z.discriminatedUnion("intent", [acceptSchema, proposeSchema, declineSchema, cancelSchema, requestSchema, selfBookSchema]);
type ActionValue = z.infer<typeof actionSchema>;

/** The direct-booking choice in the address: `?with=<delegation id>&length=<slots>`. */
const directBookingQuery = z.object({ with: decimalInteger(1, MAX_ID), length: decimalInteger(1, 48) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, user, viewer, event } = await authorize(policy, { request, params });
  const isOrganizer = await organizes(db, viewer, event);
  const eventData = { slug: event.slug, title_en: event.title_en, title_zh: event.title_zh };
  const standing = await getDelegationStanding(db, event.id, user.id);
  if (!standing.delegation) return { event: eventData, isOrganizer, member: null };

  const scope = await delegationViewerFor(db, viewer, event);
  const ownId = standing.delegation.id;
  const own = await getDelegation(db, event.id, standing.delegation.key, scope);
  invariantResponse(own, "Not found", 404);
  const others = (await listDelegations(db, event.id, scope)).filter((delegation) => delegation.id !== ownId);
  const setup = await getBilateralSetup(db, event.id);
  // Without a grid, availability tells only each delegation's teams and whether it accepts direct bookings.
  const openness = (await loadAvailability(db, event.id, [], { delegationIds: [ownId, ...others.map((delegation) => delegation.id)] })).delegations;
  const lengths = Array.from({ length: setup.settings.maxSlots - setup.settings.minSlots + 1 }, (_, index) => setup.settings.minSlots + index);

  const items: BilateralCardItem[] = [];
  for (const item of await listBilateralsOf(db, event.id, ownId)) {
    items.push({ ...item, freeStarts: answersNow(item) ? await offeredStarts(db, event.id, ownId, item) : null });
  }

  const ownSelfBooking = openness.get(ownId)?.selfBooking ?? false;
  const otherDelegations = others.map((delegation) => ({
    id: delegation.id,
    key: delegation.key,
    name_en: delegation.name_en,
    name_zh: delegation.name_zh,
    selfBooking: openness.get(delegation.id)?.selfBooking ?? false,
  }));
  let directBooking: { recipientId: number; lengthSlots: number; freeStarts: FreeStart[] } | null = null;
  const query = directBookingQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (
    ownSelfBooking &&
    query.success &&
    lengths.includes(query.data.length) &&
    otherDelegations.some((other) => other.id === query.data.with && other.selfBooking)
  ) {
    const free = await freeStartsFor(db, event.id, { sides: [ownId, query.data.with], lengthSlots: query.data.length, attendeeIds: [] });
    directBooking = {
      recipientId: query.data.with,
      lengthSlots: query.data.length,
      freeStarts: free.map(({ startsAt, endsAt }) => ({ startsAt, endsAt, preferred: false })),
    };
  }

  return {
    event: eventData,
    isOrganizer,
    member: {
      delegation: {
        id: ownId,
        key: own.key,
        name_en: own.name_en,
        name_zh: own.name_zh,
        isHead: standing.delegation.role === "head",
        selfBooking: ownSelfBooking,
      },
      viewerPersonId: standing.personId,
      members: own.members.map((person) => ({ personId: person.person_id, name: person.name, nameNative: person.name_native })),
      others: otherDelegations,
      frame: { timeZone: event.time_zone, slotMinutes: setup.settings.slotMinutes, lengths },
      starts: startsFor(setup.grid, setup.settings.minSlots).map((index) => setup.grid[index].startsAt),
      items,
      directBooking,
    },
  };
}

/** The common free times a form may offer for answering the request: the requester's preferred ones first. */
async function offeredStarts(db: Db, eventId: number, ownId: number, item: BilateralListItem): Promise<FreeStart[]> {
  const free = await freeStartsFor(db, eventId, {
    sides: [ownId, item.other.id],
    lengthSlots: item.lengthSlots,
    attendeeIds: item.attendees.map((attendee) => attendee.personId),
  });
  const preferred = new Set(item.preferredStarts.map((start) => Date.parse(start)));
  const starts = free.map(({ startsAt, endsAt }) => ({ startsAt, endsAt, preferred: preferred.has(Date.parse(startsAt)) }));
  return [...starts.filter((start) => start.preferred), ...starts.filter((start) => !start.preferred)];
}

/** Where a refusal is shown (by a field, or for the whole form) and with which status: 409 when someone acted or booked meanwhile. */
function refusalReply(
  value: ActionValue,
  problem: BilateralProblem,
): { status: 400 | 409; reply: { fieldErrors?: Record<string, string[]>; formErrors?: string[] } } {
  const message = `bilaterals:errors.${problem}`;
  const timeField = value.intent === "request" ? "preferredStarts" : "startsAt";
  const byField = (field: string, status: 400 | 409 = 400) => ({ status, reply: { fieldErrors: { [field]: [message] } } });
  switch (problem) {
    case "own_delegation":
    case "delegation_not_found":
    case "not_self_booking":
      return byField("recipientId");
    case "length_not_allowed":
      return byField("lengthSlots");
    case "outside_windows":
      return byField(timeField);
    case "attendee_not_member":
      return byField("attendeeIds");
    // The forms offer only times that were free when the page was made: busy now means taken meanwhile.
    case "delegation_busy":
    case "no_table":
      return byField(timeField, 409);
    case "person_busy":
      return byField(value.intent === "accept" || value.intent === "self-book" ? "attendeeIds" : timeField, 409);
    case "stale":
      return { status: 409, reply: { formErrors: [message] } };
    case "not_found":
    case "wrong_status":
      return { status: 400, reply: { formErrors: [message] } };
  }
}

/** The form an answer belongs to (`accept-12`, `request`…), so that the page shows it by that form. */
function formIdOf(intent: FormDataEntryValue | null, bilateralId: FormDataEntryValue | null): string {
  if (intent === "accept" || intent === "propose" || intent === "decline" || intent === "cancel") {
    return `${intent}-${typeof bilateralId === "string" && /^\d{1,10}$/.test(bilateralId) ? bilateralId : ""}`;
  }
  return intent === "self-book" ? intent : "request";
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const formData = await readForm(request);
  const formId = formIdOf(formData.get("intent"), formData.get("bilateralId"));
  const respond = (
    status: 200 | 400 | 409,
    body: { result: SubmissionResult<string[]>; notice?: { change: BilateralChange; mailed: number } | null; personName?: string | null },
  ) => data({ formId, notice: null, personName: null, ...body }, { status });

  const submission = parseSubmission(formData, { schema: actionSchema });
  if (submission.status !== "success") return respond(400, { result: submission.reply() });
  // Any attendee may read the page; only a delegation's members act on it.
  const standing = await getDelegationStanding(db, event.id, user.id);
  if (!standing.delegation) return respond(400, { result: submission.reply({ formErrors: ["bilaterals:errors.no_delegation"] }) });
  const value = submission.value;
  const acting = { eventId: event.id, delegationId: standing.delegation.id, userId: user.id };

  let outcome: BilateralResult;
  let change: BilateralChange;
  switch (value.intent) {
    case "request":
      outcome = await createBilateralRequest(db, acting, value);
      change = "requested";
      break;
    case "self-book":
      outcome = await selfBookBilateral(db, acting, value);
      change = "self_booked";
      break;
    case "accept":
      outcome = await acceptBilateral(db, acting, value);
      change = value.startsAt === null ? "accepted" : "booked";
      break;
    case "propose":
      outcome = await proposeBilateralTime(db, acting, value);
      change = "proposed";
      break;
    case "decline":
      outcome = await declineBilateral(db, acting, value);
      change = "declined";
      break;
    case "cancel":
      outcome = await cancelBilateral(db, acting, value);
      change = "cancelled";
      break;
  }
  if (!outcome.ok) {
    const { status, reply } = refusalReply(value, outcome.problem);
    return respond(status, { result: submission.reply(reply), personName: outcome.personName ?? null });
  }
  const mailed = await mailBilateralChange(db, {
    eventId: event.id,
    bilateralId: outcome.id,
    change,
    actingDelegationId: acting.delegationId,
    origin: new URL(request.url).origin,
  });
  return respond(200, { result: submission.reply({ resetForm: true }), notice: { change, mailed } });
}

const SECTIONS = ["toAnswer", "waiting", "agreed", "booked", "closed"] as const;

function sectionOf(item: BilateralCardItem): (typeof SECTIONS)[number] {
  if (answersNow(item)) return "toAnswer";
  if (item.status === "requested" || item.status === "proposed") return "waiting";
  if (item.status === "accepted") return "agreed";
  return item.status === "booked" ? "booked" : "closed";
}

export default function BilateralsPage() {
  const { event, isOrganizer, member } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("bilaterals");
  const language = i18n.language;
  const manageLink = isOrganizer ? <Link to={`/events/${event.slug}/manage/bilaterals`}>{t("links.manage")}</Link> : null;

  if (!member) {
    return (
      <section aria-labelledby="bilaterals-title">
        <h1 id="bilaterals-title">{t("title")}</h1>
        <p>{t("noDelegation")}</p>
        {manageLink ? <p>{manageLink}</p> : null}
      </section>
    );
  }

  const resultFor = (formId: string) => (actionData && actionData.formId === formId ? actionData.result : undefined);
  const messageValues: MessageValues = { "bilaterals:errors.person_busy": { name: actionData?.personName ?? "" } };
  const notice = actionData?.notice
    ? `${t(`notices.${actionData.notice.change}`)} ${actionData.notice.mailed > 0 ? t("notices.mailed", { count: actionData.notice.mailed }) : t("notices.notMailed")}`
    : null;
  const { delegation, members, viewerPersonId, others, frame, starts, items, directBooking } = member;
  const defaultAttendees = viewerPersonId !== null && members.some((person) => person.personId === viewerPersonId) ? [viewerPersonId] : [];
  const zone = starts.length > 0 ? zoneName(frame.timeZone, language, starts[0]) : frame.timeZone;
  const bookable = others.filter((other) => other.selfBooking);
  const directWith = directBooking ? others.find((other) => other.id === directBooking.recipientId) : undefined;
  const cardProps = {
    slug: event.slug,
    timeZone: frame.timeZone,
    slotMinutes: frame.slotMinutes,
    ownDelegationId: delegation.id,
    members,
    viewerPersonId,
    resultFor,
    messageValues,
  };

  return (
    <section aria-labelledby="bilaterals-title">
      <h1 id="bilaterals-title">{t("title")}</h1>
      <p>
        {t("ownDelegation")} <BilingualText en={delegation.name_en} zh={delegation.name_zh} language={language} fallback={delegation.key} />
      </p>
      <p className="muted">{t("intro", { zone })}</p>
      <ul className="plain-list">
        <li>
          <Link to={`/events/${event.slug}/bilaterals/itinerary`}>{t("links.itinerary")}</Link>
        </li>
        {delegation.isHead ? (
          <li>
            <Link to={`/events/${event.slug}/delegations/${delegation.key}/availability`}>{t("links.availability")}</Link>
          </li>
        ) : null}
        {manageLink ? <li>{manageLink}</li> : null}
      </ul>
      <StatusMessage>{notice}</StatusMessage>

      {SECTIONS.map((section) => {
        const listed = items.filter((item) => sectionOf(item) === section);
        return (
          <section key={section} aria-labelledby={`section-${section}`}>
            <h2 id={`section-${section}`}>{t(`sections.${section}`, { count: listed.length })}</h2>
            {listed.length === 0 ? (
              <p className="muted">{t(`empty.${section}`)}</p>
            ) : (
              <ul className="entry-list">
                {listed.map((item) => (
                  <li key={item.id}>
                    <BilateralCard item={item} {...cardProps} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}

      <section aria-labelledby="section-request">
        <h2 id="section-request">{t("sections.request")}</h2>
        {others.length === 0 ? (
          <p className="muted">{t("request.noOtherDelegation")}</p>
        ) : (
          <RequestForm
            delegations={others}
            frame={frame}
            starts={starts}
            members={members}
            defaultAttendees={defaultAttendees}
            lastResult={resultFor("request")}
          />
        )}
      </section>

      <section aria-labelledby="section-direct">
        <h2 id="section-direct">{t("sections.direct")}</h2>
        {!delegation.selfBooking ? (
          <p className="muted">{t(delegation.isHead ? "direct.closedOwnHead" : "direct.closedOwn")}</p>
        ) : bookable.length === 0 ? (
          <p className="muted">{t("direct.noneOpen")}</p>
        ) : (
          <>
            <p className="muted">{t("direct.intro")}</p>
            <DirectBookingFinder delegations={bookable} frame={frame} chosen={directBooking} />
            {directBooking && directWith ? (
              <section aria-labelledby="direct-times-title">
                <h3 id="direct-times-title">
                  {t("direct.timesTitle", { delegation: localized(directWith.name_en, directWith.name_zh, language) || directWith.key })}
                </h3>
                <SelfBookForm
                  delegation={directWith}
                  lengthSlots={directBooking.lengthSlots}
                  freeStarts={directBooking.freeStarts}
                  frame={frame}
                  members={members}
                  defaultAttendees={defaultAttendees}
                  lastResult={resultFor("self-book")}
                  messageValues={messageValues}
                />
              </section>
            ) : null}
          </>
        )}
      </section>
    </section>
  );
}
