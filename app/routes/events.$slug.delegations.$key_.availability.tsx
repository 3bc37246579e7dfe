import type { SubmissionResult } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AgendaBusy } from "~/components/bilaterals/setup/agenda-busy";
import { AddBusyBlockForm, BusyBlockItem, DelegationOptionsForm } from "~/components/bilaterals/setup/delegation-forms";
import { addBlockSchema, delegationOptionsSchema, removeBlockSchema, spanRefusal } from "~/components/bilaterals/setup/schemas";
import { zoneLabel } from "~/components/manage/calendar-labels";
import { BilingualText } from "~/components/ui/bilingual-text";
import { StatusMessage } from "~/components/ui/status-message";
import { pageTitle } from "~/i18n/page-title";
import { addBusyBlock, getDelegationAvailability, removeBusyBlock, updateDelegationBilateralOptions } from "~/models/bilateral-setup.server";
import { authorize, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";

export const policy = "delegation-manager" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "bilateralSetup:title") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, event, delegationId } = await authorize(policy, {
    request,
    params,
  });
  return {
    slug: event.slug,
    ...(await getDelegationAvailability(db, event.id, delegationId)),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, event, delegationId } = await authorize(policy, {
    request,
    params,
  });
  const formData = await readForm(request);
  const acting = { eventId: event.id, delegationId, actorUserId: user.id };
  const respond = (formId: string, status: 200 | 400, result: SubmissionResult<string[]>, notice: string | null = null) =>
    data({ formId, result, notice }, { status });

  switch (formData.get("intent")) {
    case "options": {
      const submission = parseSubmission(formData, {
        schema: delegationOptionsSchema,
      });
      if (submission.status !== "success") return respond("bilateral-options", 400, submission.reply());
      const saved = await updateDelegationBilateralOptions(db, acting, submission.value);
      // The delegation is the policy's, so the only refusal left is booked meetings holding more teams.
      if (!saved.ok)
        return respond(
          "bilateral-options",
          400,
          submission.reply({
            fieldErrors: { teams: ["bilateralSetup:errors.teamsBooked"] },
          }),
        );
      return respond("bilateral-options", 200, submission.reply(), "availability.optionsSaved");
    }
    case "add-block": {
      const submission = parseSubmission(formData, { schema: addBlockSchema });
      if (submission.status !== "success") return respond("add-block", 400, submission.reply());
      const added = await addBusyBlock(db, acting, submission.value);
      if (!added.ok)
        return respond(
          "add-block",
          400,
          submission.reply({
            fieldErrors: spanRefusal(added.problem, added.field, "bilateralSetup:errors.blockBooked"),
          }),
        );
      return respond("add-block", 200, submission.reply({ resetForm: true }), "availability.blockAdded");
    }
    case "remove-block": {
      const formId = `block-${String(formData.get("blockId") ?? "")}`;
      const submission = parseSubmission(formData, {
        schema: removeBlockSchema,
      });
      if (submission.status !== "success") return respond(formId, 400, submission.reply());
      const removed = await removeBusyBlock(db, acting, submission.value.blockId);
      if (!removed.ok)
        return respond(
          formId,
          400,
          submission.reply({
            formErrors: ["bilateralSetup:errors.blockNotFound"],
          }),
        );
      return respond(formId, 200, submission.reply(), "availability.blockRemoved");
    }
  }
  invariantResponse(false, "Bad request", 400);
}

export default function DelegationAvailabilityPage() {
  const { slug, delegation, timeZone, days, teams, selfBooking, blocks, windows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("bilateralSetup");
  const resultFor = (formId: string) => (actionData && actionData.formId === formId ? actionData.result : undefined);
  const zone = zoneLabel(timeZone, i18n.language);
  const name = localized(delegation.name_en, delegation.name_zh, i18n.language);
  return (
    <section aria-labelledby="availability-title">
      <p className="back-link">
        <Link to={`/events/${slug}/delegations/${delegation.key}`}>
          ← <BilingualText en={delegation.name_en} zh={delegation.name_zh} language={i18n.language} />
        </Link>
      </p>
      <h1 id="availability-title">{t("availability.title", { name })}</h1>
      <p className="muted">{t("availability.intro")}</p>
      <p>{t("timesIn", { zone })}</p>
      <StatusMessage>{actionData?.notice ? t(actionData.notice) : null}</StatusMessage>

      <DelegationOptionsForm teams={teams} selfBooking={selfBooking} lastResult={resultFor("bilateral-options")} />

      <h2>{t("availability.blocksTitle")}</h2>
      {blocks.length === 0 ? <p>{t("availability.blocksEmpty")}</p> : null}
      <ul className="entry-list">
        {blocks.map((block) => (
          <li key={block.id}>
            <BusyBlockItem block={block} zone={timeZone} lastResult={resultFor(`block-${block.id}`)} />
          </li>
        ))}
      </ul>
      <h3>{t("availability.addBlock")}</h3>
      <AddBusyBlockForm days={days} zoneLabel={zone} lastResult={resultFor("add-block")} />

      <h2>{t("availability.agendaTitle")}</h2>
      <p className="muted">{t("availability.agendaIntro")}</p>
      <AgendaBusy windows={windows} zone={timeZone} />
    </section>
  );
}
