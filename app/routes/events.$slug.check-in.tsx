import { getFormProps, getInputProps } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AttendeeFacts, AttendeeName } from "~/components/check-in/attendee-details";
import { CheckInAnswer, type CheckInAnswerView } from "~/components/check-in/check-in-answer";
import checkInStyles from "~/components/check-in/check-in.css";
import { parsePlace, placeValue, type PlaceValue } from "~/components/check-in/place";
import { ScanButton } from "~/components/check-in/scan-button";
import { requiredId } from "~/components/manage/schema-fields";
import { BilingualText } from "~/components/ui/bilingual-text";
import { ErrorSummary } from "~/components/ui/error-summary";
import { FieldErrors, FieldLabel } from "~/components/ui/field";
import { StatusMessage } from "~/components/ui/status-message";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { pageTitle } from "~/i18n/page-title";
import {
  checkIn,
  countCheckIns,
  defaultCheckInDay,
  listCheckInPlaces,
  listRecentCheckIns,
  NAME_SEARCH_LIMIT,
  searchAttendees,
  undoCheckIn,
  type Attendee,
} from "~/models/check-in.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { formatDay, localized } from "~/utils/localized";
import { formatClock } from "../../lib/zoned-time";

export const policy = "event-staff" satisfies RoutePolicy;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: checkInStyles }];

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "checkin:title") }];

const MAX_SEARCH_LENGTH = 100;

const placeField = z
  .string({ required_error: "checkin:validation.place" })
  .max(40, "checkin:validation.place")
  .refine((value) => parsePlace(value) !== null, "checkin:validation.place");

// Codes are typed with dashes and spaces as printed; the model reads what is left.
const codeSchema = z.object({
  intent: z.literal("code"),
  place: placeField,
  code: z.string({ required_error: "checkin:validation.code" }).trim().min(1, "checkin:validation.code").max(40, "checkin:validation.code"),
});

const checkInSchema = z.discriminatedUnion("intent", [
  codeSchema,
  z.object({ intent: z.literal("person"), place: placeField, personId: requiredId }),
  z.object({ intent: z.literal("undo"), place: placeField, checkInId: requiredId }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").trim().slice(0, MAX_SEARCH_LENGTH);
  const asked = parsePlace(url.searchParams.get("place"));
  const fallback: PlaceValue = { kind: "door", day: defaultCheckInDay(event) };
  // A place that is not this event's (an old link, a deleted session) shows the default instead.
  let place = asked ?? fallback;
  let counts = await countCheckIns(db, event, place);
  if (!counts) {
    place = fallback;
    counts = await countCheckIns(db, event, place);
  }
  const [places, recent, results] = await Promise.all([
    listCheckInPlaces(db, event),
    listRecentCheckIns(db, event, place),
    query ? searchAttendees(db, event.id, query) : Promise.resolve([] as Attendee[]),
  ]);
  return {
    event: { slug: event.slug, title_en: event.title_en, title_zh: event.title_zh },
    place: placeValue(place),
    places: {
      days: places.days,
      sessions: places.sessions.map((session) => ({ id: session.id, title_en: session.title_en, title_zh: session.title_zh, day: session.day, time: session.time })),
    },
    counts,
    recent: recent.map((row) => ({ ...row, time: formatClock(row.checkedInAt, event.time_zone) })),
    query,
    results: results.map(viewOf),
    searchLimit: NAME_SEARCH_LIMIT,
  };
}

/** What the page shows of a person: nothing the staff do not need (no email). */
function viewOf(attendee: Attendee) {
  return {
    personId: attendee.personId,
    status: attendee.status,
    name: attendee.name,
    nameNative: attendee.nameNative,
    organizationEn: attendee.organizationEn,
    organizationZh: attendee.organizationZh,
    organizationText: attendee.organizationText,
    delegationEn: attendee.delegationEn,
    delegationZh: attendee.delegationZh,
    categoryEn: attendee.categoryEn,
    categoryZh: attendee.categoryZh,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const submission = parseSubmission(await readForm(request), { schema: checkInSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), answer: null, notice: null }, { status: 400 });
  const input = submission.value;
  const place = parsePlace(input.place) as PlaceValue;

  if (input.intent === "undo") {
    const undone = await undoCheckIn(db, { eventId: event.id, checkInId: input.checkInId, actorUserId: user.id });
    const notice = undone.ok ? { key: "recent.undone", name: undone.name } : { key: "recent.missing", name: "" };
    return { result: submission.reply(), answer: null, notice };
  }

  const who = input.intent === "code" ? { code: input.code } : { personId: input.personId };
  const outcome = await checkIn(db, { event, place, who, actorUserId: user.id });
  if (outcome.ok) {
    const answer: CheckInAnswerView = {
      kind: outcome.outcome,
      time: outcome.outcome === "already_checked_in" ? formatClock(outcome.checkedInAt, event.time_zone) : null,
      attendee: viewOf(outcome.attendee),
    };
    return { result: submission.reply({ resetForm: true }), answer, notice: null };
  }
  const answer: CheckInAnswerView = { kind: outcome.problem, time: null, attendee: outcome.attendee ? viewOf(outcome.attendee) : null };
  // A code nobody holds in this event, or a place that is not the event's, is bad input: said by its field.
  if (outcome.problem === "unknown_code") {
    return data({ result: submission.reply({ fieldErrors: { code: ["checkin:answer.unknown_code"] } }), answer, notice: null }, { status: 400 });
  }
  if (outcome.problem === "unknown_place") {
    return data({ result: submission.reply({ fieldErrors: { place: ["checkin:validation.place"] } }), answer, notice: null }, { status: 400 });
  }
  return { result: submission.reply(), answer, notice: null };
}

export default function CheckInPage() {
  const { event, place, places, counts, recent, query, results, searchLimit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const { t, i18n } = useTranslation("checkin");
  const [form, fields] = useValidatedForm({
    id: "check-in-code",
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
    defaultValue: { intent: "code", place },
    onValidate: ({ formData }) => parseSubmission(formData, { schema: codeSchema }),
    shouldValidate: "onSubmit",
  });
  const language = i18n.language;
  const notice = actionData?.notice;
  const codeHintId = `${fields.code.id}-hint`;
  const { key: codeKey, ...codeProps } = getInputProps(fields.code, { type: "text", ariaDescribedBy: codeHintId });

  return (
    <section aria-labelledby="check-in-title" className="check-in">
      <p className="eyebrow">
        <BilingualText en={event.title_en} zh={event.title_zh} language={language} />
      </p>
      <h1 id="check-in-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>

      <Form method="get" className="check-in-place" aria-label={t("place.label")}>
        <label htmlFor="check-in-place">{t("place.label")}</label>
        <select id="check-in-place" name="place" defaultValue={place} key={place}>
          <optgroup label={t("place.days")}>
            {places.days.map((day) => (
              <option key={day} value={`day:${day}`}>
                {t("place.door", { day: formatDay(day, language) })}
              </option>
            ))}
          </optgroup>
          {places.sessions.length > 0 ? (
            <optgroup label={t("place.sessions")}>
              {places.sessions.map((session) => (
                <option key={session.id} value={`session:${session.id}`}>
                  {t("place.session", { day: session.day, time: session.time, title: localized(session.title_en, session.title_zh, language) })}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
        <button type="submit">{t("place.show")}</button>
      </Form>
      {counts ? <p className="check-in-counts">{t("counts", counts)}</p> : null}

      <CheckInAnswer answer={actionData?.answer ?? null} />

      <Form method="post" {...getFormProps(form)} className="check-in-code">
        <input type="hidden" name="intent" value="code" />
        <input type="hidden" name="place" value={place} />
        <ErrorSummary form={form} />
        <ScanButton onCode={(code) => submit({ intent: "code", place, code }, { method: "post" })} />
        <div className="field">
          <FieldLabel htmlFor={fields.code.id} required>
            {t("code.label")}
          </FieldLabel>
          <input
            key={codeKey}
            {...codeProps}
            inputMode="text"
            autoCapitalize="characters"
            autoComplete="off"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="go"
            maxLength={40}
          />
          <p id={codeHintId} className="field-hint">
            {t("code.hint")}
          </p>
          <FieldErrors id={fields.code.errorId} errors={fields.code.errors} />
          <FieldErrors id={fields.place.errorId} errors={fields.place.errors} />
        </div>
        <button type="submit" className="primary">
          {t("code.submit")}
        </button>
      </Form>

      <h2 id="check-in-search-title">{t("search.title")}</h2>
      <Form method="get" role="search" aria-labelledby="check-in-search-title" className="check-in-search">
        <input type="hidden" name="place" value={place} />
        <label htmlFor="check-in-query">{t("search.label")}</label>
        <input id="check-in-query" type="search" name="q" defaultValue={query} key={query} maxLength={MAX_SEARCH_LENGTH} autoComplete="off" />
        <button type="submit">{t("search.submit")}</button>
      </Form>
      {query ? (
        <section aria-labelledby="check-in-results-title">
          <h3 id="check-in-results-title">{t("search.results", { query })}</h3>
          {results.length === 0 ? <p>{t("search.none", { query })}</p> : null}
          {results.length >= searchLimit ? <p>{t("search.limited", { count: searchLimit })}</p> : null}
          <ul className="check-in-results">
            {results.map((person) => (
              <li key={person.personId}>
                <div>
                  <p className="check-in-result-name">
                    <AttendeeName attendee={person} /> <span className="muted">({t(`search.statuses.${person.status ?? "none"}`)})</span>
                  </p>
                  <AttendeeFacts attendee={person} />
                </div>
                <Form method="post">
                  <input type="hidden" name="intent" value="person" />
                  <input type="hidden" name="place" value={place} />
                  <input type="hidden" name="personId" value={person.personId} />
                  <button type="submit" aria-label={t("search.checkInLabel", { name: person.name })}>
                    {t("search.checkIn")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2>{t("recent.title")}</h2>
      <StatusMessage>{notice ? t(notice.key, { name: notice.name }) : null}</StatusMessage>
      {recent.length === 0 ? <p>{t("recent.none")}</p> : null}
      <ul className="check-in-recent">
        {recent.map((row) => (
          <li key={row.id}>
            <span>
              <time dateTime={row.checkedInAt}>{row.time}</time> <AttendeeName attendee={row} />
            </span>
            <Form method="post">
              <input type="hidden" name="intent" value="undo" />
              <input type="hidden" name="place" value={place} />
              <input type="hidden" name="checkInId" value={row.id} />
              <button type="submit" className="link-button" aria-label={t("recent.undoLabel", { name: row.name, time: row.time })}>
                {t("recent.undo")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
