import type { SubmissionResult } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { zoneLabel } from "~/components/manage/calendar-labels";
import { PlaceEditor } from "~/components/bilaterals/setup/place-forms";
import {
  addPlaceSchema,
  addWindowSchema,
  removePlaceSchema,
  removeWindowSchema,
  savePlaceSchema,
  settingsSchema,
  spanRefusal,
} from "~/components/bilaterals/setup/schemas";
import { SettingsForm } from "~/components/bilaterals/setup/settings-form";
import { AddWindowForm, WindowItem } from "~/components/bilaterals/setup/window-forms";
import { StatusMessage } from "~/components/ui/status-message";
import { pageTitle } from "~/i18n/page-title";
import {
  addBilateralPlace,
  addBilateralWindow,
  getBilateralSetup,
  removeBilateralPlace,
  removeBilateralWindow,
  updateBilateralPlace,
  updateBilateralSettings,
  type SetupResult,
} from "~/models/bilateral-setup.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { invariantResponse } from "~/utils/http.server";
import { daysBetween } from "../../lib/zoned-time";

export const policy = "event-organizer" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "bilateralSetup:title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event } = await authorize(policy, { request, params });
  const setup = await getBilateralSetup(db, event.id);
  return {
    slug: event.slug,
    timeZone: setup.timeZone,
    days: daysBetween(event.starts_on, event.ends_on),
    settings: setup.settings,
    windows: setup.windows.map((window) => ({
      ...window,
      slots: setup.grid.filter((slot) => slot.windowId === window.id).length,
    })),
    places: setup.places,
  };
}

type Refused = Extract<SetupResult, { ok: false }>;

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event } = await authorize(policy, { request, params });
  const formData = await readForm(request);
  const acting = { eventId: event.id, actorUserId: user.id };
  const respond = (formId: string, status: 200 | 400, result: SubmissionResult<string[]>, notice: string | null = null) =>
    data({ formId, result, notice }, { status });
  // A row of the event that is gone meanwhile is answered by its form, like any refusal.
  const gone = (refused: Refused, message: string) => (refused.problem === "not_found" ? { formErrors: [message] } : null);

  switch (formData.get("intent")) {
    case "settings": {
      const submission = parseSubmission(formData, { schema: settingsSchema });
      if (submission.status !== "success") return respond("bilateral-settings", 400, submission.reply());
      const saved = await updateBilateralSettings(db, acting, submission.value);
      if (!saved.ok) {
        const fieldErrors: Record<string, string[]> =
          saved.problem === "min_above_max" ? { maxSlots: ["bilateralSetup:errors.minAboveMax"] } : { slotMinutes: ["bilateralSetup:errors.slotLengthBooked"] };
        return respond("bilateral-settings", 400, submission.reply({ fieldErrors }));
      }
      return respond("bilateral-settings", 200, submission.reply(), "settings.saved");
    }
    case "add-window": {
      const submission = parseSubmission(formData, { schema: addWindowSchema });
      if (submission.status !== "success") return respond("add-window", 400, submission.reply());
      const added = await addBilateralWindow(db, acting, submission.value);
      if (!added.ok)
        return respond(
          "add-window",
          400,
          submission.reply({
            fieldErrors: spanRefusal(added.problem, added.field, "bilateralSetup:errors.windowBooked"),
          }),
        );
      return respond("add-window", 200, submission.reply({ resetForm: true }), "windows.added");
    }
    case "remove-window": {
      const formId = `window-${String(formData.get("windowId") ?? "")}`;
      const submission = parseSubmission(formData, {
        schema: removeWindowSchema,
      });
      if (submission.status !== "success") return respond(formId, 400, submission.reply());
      const removed = await removeBilateralWindow(db, acting, submission.value.windowId);
      if (!removed.ok) {
        const reply = gone(removed, "bilateralSetup:errors.windowNotFound") ?? {
          formErrors: ["bilateralSetup:errors.windowBooked"],
        };
        return respond(formId, 400, submission.reply(reply));
      }
      return respond(formId, 200, submission.reply(), "windows.removed");
    }
    case "add-place": {
      const submission = parseSubmission(formData, { schema: addPlaceSchema });
      if (submission.status !== "success") return respond("add-place", 400, submission.reply());
      const { nameEn, nameZh, tables, position } = submission.value;
      await addBilateralPlace(db, acting, {
        nameEn,
        nameZh,
        tables,
        position: position ?? 0,
      });
      return respond("add-place", 200, submission.reply({ resetForm: true }), "places.added");
    }
    case "save-place": {
      const formId = `place-${String(formData.get("placeId") ?? "")}`;
      const submission = parseSubmission(formData, { schema: savePlaceSchema });
      if (submission.status !== "success") return respond(formId, 400, submission.reply());
      const { placeId, nameEn, nameZh, tables, position } = submission.value;
      const saved = await updateBilateralPlace(db, acting, placeId, {
        nameEn,
        nameZh,
        tables,
        position: position ?? 0,
      });
      if (!saved.ok) {
        const reply = gone(saved, "bilateralSetup:errors.placeNotFound") ?? {
          fieldErrors: { tables: ["bilateralSetup:errors.tablesBooked"] },
        };
        return respond(formId, 400, submission.reply(reply));
      }
      return respond(formId, 200, submission.reply(), "places.saved");
    }
    case "remove-place": {
      const formId = `remove-place-${String(formData.get("placeId") ?? "")}`;
      const submission = parseSubmission(formData, {
        schema: removePlaceSchema,
      });
      if (submission.status !== "success") return respond(formId, 400, submission.reply());
      const removed = await removeBilateralPlace(db, acting, submission.value.placeId);
      if (!removed.ok) {
        const reply = gone(removed, "bilateralSetup:errors.placeNotFound") ?? {
          formErrors: ["bilateralSetup:errors.placeBooked"],
        };
        return respond(formId, 400, submission.reply(reply));
      }
      return respond(formId, 200, submission.reply(), "places.removed");
    }
  }
  invariantResponse(false, "Bad request", 400);
}

export default function BilateralSetupPage() {
  const { slug, timeZone, days, settings, windows, places } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("bilateralSetup");
  const resultFor = (formId: string) => (actionData && actionData.formId === formId ? actionData.result : undefined);
  const zone = zoneLabel(timeZone, i18n.language);
  const nextPosition = places.reduce((highest, place) => Math.max(highest, place.position + 1), 1);
  return (
    <section aria-labelledby="bilateral-setup-title">
      <h1 id="bilateral-setup-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <p>{t("timesIn", { zone })}</p>
      <ul className="plain-list">
        <li>
          <Link to={`/events/${slug}/manage/bilaterals/matrix`}>{t("matrixLink")}</Link>
        </li>
        <li>
          <Link to={`/events/${slug}/manage/bilaterals/scheduler`}>{t("schedulerLink")}</Link>
        </li>
      </ul>
      <StatusMessage>{actionData?.notice ? t(actionData.notice) : null}</StatusMessage>

      <SettingsForm settings={settings} lastResult={resultFor("bilateral-settings")} />

      <h2>{t("windows.title")}</h2>
      {windows.length === 0 ? <p>{t("windows.empty")}</p> : null}
      <ul className="entry-list">
        {windows.map((window) => (
          <li key={window.id}>
            <WindowItem window={window} zone={timeZone} lastResult={resultFor(`window-${window.id}`)} />
          </li>
        ))}
      </ul>
      <h3>{t("windows.add")}</h3>
      <AddWindowForm days={days} zoneLabel={zone} lastResult={resultFor("add-window")} />

      <h2>{t("places.title")}</h2>
      {places.length === 0 ? <p>{t("places.empty")}</p> : null}
      <ul className="entry-list">
        {places.map((place) => (
          <li key={place.id}>
            <PlaceEditor
              place={place}
              lastResult={resultFor(`place-${place.id}`)}
              removeResult={resultFor(`remove-place-${place.id}`)}
              nextPosition={nextPosition}
            />
          </li>
        ))}
      </ul>
      <h3>{t("places.add")}</h3>
      {/* Remounted after each addition, so it offers the next position. */}
      <PlaceEditor key={places.length} lastResult={resultFor("add-place")} nextPosition={nextPosition} />
    </section>
  );
}
