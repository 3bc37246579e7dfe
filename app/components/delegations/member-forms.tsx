import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DELEGATION_ROLES, type DelegationRole, type RegistrationStatus } from "../../../db/schema";
import { ConfirmButton } from "~/components/manage/confirm-button";
import { BilingualText } from "~/components/ui/bilingual-text";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Field, SelectField } from "~/components/ui/field";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { parseSubmission } from "~/utils/form-submission";
import { localized } from "~/utils/localized";
import { MemberName } from "./member-name";
import { addMemberSchema, createMemberSchema, memberRowSchema } from "./schemas";

type Result = SubmissionResult<string[]> | undefined;
/** Values for messages that name something, e.g. the delegation a person is already in. */
export type MessageValues = Record<string, Record<string, unknown>>;

export interface Choice {
  id: number;
  name_en: string | null;
  name_zh: string | null;
}

// A new person joins beside the head who adds them.
const ROLES_OF_NEW_MEMBERS = DELEGATION_ROLES.filter((role) => role !== "head");

function useRoleOptions(roles: readonly DelegationRole[] = DELEGATION_ROLES) {
  const { t } = useTranslation("delegations");
  return roles.map((role) => ({ value: role, label: t(`roles.${role}`) }));
}

export interface MemberRowData {
  person_id: number;
  name: string;
  name_native: string | null;
  title_en: string | null;
  title_zh: string | null;
  email: string | null;
  role: DelegationRole;
  registration_status: RegistrationStatus | null;
}

/** One member: their role (to change), their registration (or a way to register them), removal. */
export function MemberRow({
  member,
  rowId,
  categories,
  lastResult,
  messageValues,
  onRemove,
}: {
  member: MemberRowData;
  rowId: string;
  categories: readonly Choice[];
  lastResult: Result;
  messageValues: MessageValues;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation("delegations");
  const roleOptions = useRoleOptions();
  const [form, fields] = useValidatedForm({
    id: `member-${member.person_id}`,
    lastResult,
    defaultValue: { role: member.role, categoryId: "" },
    onValidate: ({ formData }) => parseSubmission(formData, { schema: memberRowSchema }),
    shouldValidate: "onSubmit",
  });
  const categoryOptions = [
    { value: "", label: t("members.noCategory") },
    ...categories.map((category) => ({ value: String(category.id), label: localized(category.name_en, category.name_zh, i18n.language) })),
  ];
  const registered = member.registration_status !== null && member.registration_status !== "cancelled";
  const formProps = getFormProps(form);
  return (
    <div className="entry-card" id={rowId} aria-labelledby={`${rowId}-name`}>
      <Form
        method="post"
        {...formProps}
        className="row-form"
        onSubmit={(event) => {
          // Where focus goes once the row is gone (the removal was confirmed by then).
          if ((event.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "remove") onRemove();
          formProps.onSubmit(event);
        }}
      >
        <input type="hidden" name="personId" value={member.person_id} />
        <ErrorSummary form={form} messageValues={messageValues} />
        <p id={`${rowId}-name`}>
          <strong>
            <MemberName name={member.name} nameNative={member.name_native} />
          </strong>
          {member.title_en || member.title_zh ? (
            <>
              {" · "}
              <BilingualText en={member.title_en} zh={member.title_zh} language={i18n.language} />
            </>
          ) : null}
          {member.email ? <> · {member.email}</> : null}
          <br />
          {registered ? t("members.registered", { status: t(`registrationStatus.${member.registration_status}`) }) : t("registrationStatus.none")}
        </p>
        <div className="field-row">
          <SelectField meta={fields.role} label={t("members.role")} options={roleOptions} />
          {registered ? null : <SelectField meta={fields.categoryId} label={t("members.category")} options={categoryOptions} />}
        </div>
        <button type="submit" name="intent" value="role">
          {t("members.changeRole")}
        </button>
        {registered ? null : (
          <button type="submit" name="intent" value="register" className="primary">
            {t("members.register")}
          </button>
        )}
        <ConfirmButton
          name="intent"
          value="remove"
          question={t("members.confirmRemove", { name: member.name })}
          label={t("members.removeLabel", { name: member.name })}
        >
          {t("members.remove")}
        </ConfirmButton>
      </Form>
    </div>
  );
}

/** Organizers: put a person of the directory in the delegation. */
export function AddMemberForm({
  people,
  lastResult,
  messageValues,
  buttonId,
}: {
  people: ReadonlyArray<{ id: number; name: string; name_native: string | null }>;
  lastResult: Result;
  messageValues: MessageValues;
  buttonId: string;
}) {
  const { t } = useTranslation("delegations");
  const roleOptions = useRoleOptions();
  const [form, fields] = useValidatedForm({
    id: "add-member",
    lastResult,
    defaultValue: { role: "member" },
    constraint: getZodConstraint(addMemberSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: addMemberSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const personOptions = [
    { value: "", label: t("members.choosePerson") },
    ...people.map((person) => ({ value: String(person.id), label: person.name_native ? `${person.name} (${person.name_native})` : person.name })),
  ];
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add" />
      <ErrorSummary form={form} messageValues={messageValues} />
      <SelectField meta={fields.personId} label={t("members.person")} options={personOptions} />
      <SelectField meta={fields.role} label={t("members.role")} options={roleOptions} />
      <button type="submit" className="primary" id={buttonId}>
        {t("members.addButton")}
      </button>
    </Form>
  );
}

/** Heads: enter a new person, who joins the delegation as they are created. */
export function CreateMemberForm({
  organizations,
  lastResult,
  buttonId,
}: {
  organizations: readonly Choice[];
  lastResult: Result;
  buttonId: string;
}) {
  const { t, i18n } = useTranslation("delegations");
  const roleOptions = useRoleOptions(ROLES_OF_NEW_MEMBERS);
  const [form, fields] = useValidatedForm({
    id: "create-member",
    lastResult,
    defaultValue: { role: "member", organizationId: organizations.length === 1 ? String(organizations[0].id) : "" },
    constraint: getZodConstraint(createMemberSchema),
    onValidate: ({ formData }) => parseSubmission(formData, { schema: createMemberSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const organizationOptions = [
    { value: "", label: t("members.noOrganization") },
    ...organizations.map((organization) => ({ value: String(organization.id), label: localized(organization.name_en, organization.name_zh, i18n.language) })),
  ];
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="create" />
      <ErrorSummary form={form} />
      <Field meta={fields.name} label={t("members.name")} autoComplete="off" />
      <Field meta={fields.nameNative} label={t("members.nameNative")} autoComplete="off" />
      <Field meta={fields.titleEn} label={t("members.titleEn")} />
      <Field meta={fields.titleZh} label={t("members.titleZh")} />
      <Field meta={fields.email} label={t("members.email")} type="email" autoComplete="off" />
      <SelectField meta={fields.organizationId} label={t("members.organization")} options={organizationOptions} />
      <SelectField meta={fields.role} label={t("members.role")} options={roleOptions} />
      <button type="submit" className="primary" id={buttonId}>
        {t("members.createButton")}
      </button>
    </Form>
  );
}
