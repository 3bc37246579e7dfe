import type { SubmissionResult } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AddMemberForm, CreateMemberForm, MemberRow, type MessageValues } from "~/components/delegations/member-forms";
import { addMemberSchema, createMemberSchema, memberRowSchema } from "~/components/delegations/schemas";
import { BilingualText } from "~/components/ui/bilingual-text";
import { StatusMessage } from "~/components/ui/status-message";
import { useFocusAfterRemoval } from "~/components/ui/use-focus-after-removal";
import { pageTitle } from "~/i18n/page-title";
import {
  addMember,
  changeMemberRole,
  createMemberPerson,
  getDelegation,
  getDelegationStanding,
  listDelegationOrganizations,
  removeMember,
  type AddMemberResult,
  type ChangeMemberResult,
} from "~/models/delegation.server";
import { listPeopleForPicker } from "~/models/person.server";
import { listCategories, mailRegistration, registerPerson } from "~/models/registration.server";
import { authorize, delegationViewerFor, organizes, type RoutePolicy } from "~/policy.server";
import { readForm } from "~/utils/form-data.server";
import { parseSubmission } from "~/utils/form-submission";
import { invariantResponse } from "~/utils/http.server";
import { localized } from "~/utils/localized";

export const policy = "delegation-manager" satisfies RoutePolicy;

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "delegations:title") }];

type Refusal = Exclude<AddMemberResult | ChangeMemberResult, { ok: true }>;

/** A model's refusal as Conform's reply options: by the field it is about, or for the whole form. */
function refusalReply(refusal: Refusal, personField: string): { fieldErrors?: Record<string, string[]>; formErrors?: string[] } {
  switch (refusal.problem) {
    case "already_in_a_delegation":
      return { fieldErrors: { [personField]: [refusal.delegation ? "delegations:errors.alreadyInNamedDelegation" : "delegations:errors.alreadyInDelegation"] } };
    case "head_taken":
      return { fieldErrors: { role: ["delegations:errors.headTaken"] } };
    case "person_not_found":
      return { fieldErrors: { [personField]: ["delegations:errors.personNotFound"] } };
    case "organization_not_found":
      return { fieldErrors: { organizationId: ["delegations:errors.organizationNotFound"] } };
    case "cannot_remove_self":
      return { formErrors: ["delegations:errors.cannotRemoveSelf"] };
    case "not_found":
      return { formErrors: ["delegations:errors.memberNotFound"] };
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, viewer, event, delegationId } = await authorize(policy, { request, params });
  const isOrganizer = await organizes(db, viewer, event);
  const delegation = await getDelegation(db, event.id, params.key ?? "", await delegationViewerFor(db, viewer, event));
  invariantResponse(delegation, "Not found", 404);
  return {
    event: { slug: event.slug, title_en: event.title_en, title_zh: event.title_zh },
    delegation,
    isOrganizer,
    // Organizers pick from the directory; heads, who may not use it, enter new people.
    people: isOrganizer ? await listPeopleForPicker(db) : [],
    organizations: isOrganizer ? [] : await listDelegationOrganizations(db, delegationId),
    categories: (await listCategories(db, event.id)).map(({ id, name_en, name_zh }) => ({ id, name_en, name_zh })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, user, viewer, event, delegationId } = await authorize(policy, { request, params });
  const isOrganizer = await organizes(db, viewer, event);
  const scope = await delegationViewerFor(db, viewer, event);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const target = { eventId: event.id, delegationId, actorUserId: user.id };
  const respond = (formId: string, status: 200 | 400, body: { result: SubmissionResult<string[]>; notice?: { key: string; name: string } | null; conflict?: { name_en: string | null; name_zh: string | null } | null }) =>
    data({ formId, notice: null, conflict: null, ...body }, { status });

  if (intent === "add") {
    // Only organizers may pick from the directory.
    invariantResponse(isOrganizer, "Forbidden", 403);
    const submission = parseSubmission(formData, { schema: addMemberSchema });
    if (submission.status !== "success") return respond("add-member", 400, { result: submission.reply() });
    const added = await addMember(db, target, submission.value, scope);
    if (!added.ok) {
      const conflict = added.problem === "already_in_a_delegation" ? added.delegation : null;
      return respond("add-member", 400, { result: submission.reply(refusalReply(added, "personId")), conflict });
    }
    const member = (await getDelegation(db, event.id, params.key ?? "", scope))?.members.find((row) => row.person_id === submission.value.personId);
    return respond("add-member", 200, { result: submission.reply({ resetForm: true }), notice: { key: "members.notices.added", name: member?.name ?? "" } });
  }

  if (intent === "create") {
    const submission = parseSubmission(formData, { schema: createMemberSchema });
    if (submission.status !== "success") return respond("create-member", 400, { result: submission.reply() });
    const { role, ...person } = submission.value;
    const created = await createMemberPerson(db, target, { person, role }, scope);
    if (!created.ok) return respond("create-member", 400, { result: submission.reply(refusalReply(created, "name")) });
    return respond("create-member", 200, { result: submission.reply({ resetForm: true }), notice: { key: "members.notices.created", name: person.name } });
  }

  const submission = parseSubmission(formData, { schema: memberRowSchema });
  const formId = `member-${String(formData.get("personId") ?? "")}`;
  if (submission.status !== "success") return respond(formId, 400, { result: submission.reply() });
  const input = submission.value;
  const delegation = await getDelegation(db, event.id, params.key ?? "", scope);
  const member = delegation?.members.find((row) => row.person_id === input.personId);
  if (!member) return respond(formId, 400, { result: submission.reply({ formErrors: ["delegations:errors.memberNotFound"] }) });
  // A head acts as their own person, and may not give up their own head role; organizers may always.
  const acting = isOrganizer ? null : (await getDelegationStanding(db, event.id, user.id)).personId;

  if (input.intent === "register") {
    const registered = await registerPerson(db, {
      eventId: event.id,
      personId: input.personId,
      categoryId: input.categoryId,
      source: isOrganizer ? "organizer" : "delegation",
      registeredBy: user.id,
      country: delegation?.country ?? null,
    });
    if (!registered.ok) {
      const reply = registered.problem === "unknown_category" ? { fieldErrors: { categoryId: ["delegations:errors.unknownCategory"] } } : { formErrors: ["delegations:errors.registrationRefused"] };
      return respond(formId, 400, { result: submission.reply(reply) });
    }
    const renewed = registered.created || registered.reactivated;
    if (renewed) await mailRegistration(db, registered.registrationId, { origin: new URL(request.url).origin });
    const key = renewed ? "members.notices.registered" : "members.notices.alreadyRegistered";
    return respond(formId, 200, { result: submission.reply(), notice: { key, name: member.name } });
  }

  const changed =
    input.intent === "role"
      ? await changeMemberRole(db, target, { personId: input.personId, role: input.role, acting })
      : await removeMember(db, target, { personId: input.personId, acting });
  if (!changed.ok) return respond(formId, 400, { result: submission.reply(refusalReply(changed, "personId")) });
  const key = input.intent === "role" ? "members.notices.roleChanged" : "members.notices.removed";
  return respond(formId, 200, { result: submission.reply(), notice: { key, name: member.name } });
}

export default function DelegationMembersPage() {
  const { event, delegation, isOrganizer, people, organizations, categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation("delegations");
  const language = i18n.language;
  const resultFor = (formId: string) => (actionData && actionData.formId === formId ? actionData.result : undefined);
  const conflict = actionData?.conflict;
  const messageValues: MessageValues = conflict ? { "delegations:errors.alreadyInNamedDelegation": { name: localized(conflict.name_en, conflict.name_zh, language) } } : {};
  const addButtonId = isOrganizer ? "add-member-button" : "create-member-button";
  const rowId = (index: number) => `member-row-${index}`;
  const removed = useFocusAfterRemoval(delegation.members.length, rowId, addButtonId);
  const name = localized(delegation.name_en, delegation.name_zh, language);
  return (
    <section aria-labelledby="members-title">
      <p className="back-link">
        <Link to={`/events/${event.slug}/delegations/${delegation.key}`}>
          ← <BilingualText en={delegation.name_en} zh={delegation.name_zh} language={language} />
        </Link>
      </p>
      <h1 id="members-title">{t("members.title", { name })}</h1>
      <p className="muted">{t("members.intro")}</p>
      <StatusMessage>{actionData?.notice ? t(actionData.notice.key, { name: actionData.notice.name }) : null}</StatusMessage>
      {delegation.members.length === 0 ? <p>{t("members.empty")}</p> : null}
      <ul className="entry-list">
        {delegation.members.map((member, index) => (
          <li key={member.person_id}>
            <MemberRow
              member={member}
              rowId={rowId(index)}
              categories={categories}
              lastResult={resultFor(`member-${member.person_id}`)}
              messageValues={messageValues}
              onRemove={() => removed(index)}
            />
          </li>
        ))}
      </ul>
      {isOrganizer ? (
        <>
          <h2>{t("members.addExisting")}</h2>
          <AddMemberForm people={people} lastResult={resultFor("add-member")} messageValues={messageValues} buttonId={addButtonId} />
        </>
      ) : (
        <>
          <h2>{t("members.createTitle")}</h2>
          <p className="muted">{t("members.createIntro")}</p>
          <CreateMemberForm organizations={organizations} lastResult={resultFor("create-member")} buttonId={addButtonId} />
        </>
      )}
    </section>
  );
}
