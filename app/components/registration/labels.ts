import type { RegistrationMode, RegistrationSource, RegistrationStatus } from "../../../db/schema";

/** The translation keys (namespace `registration`) of statuses, sources and modes. */
export const STATUS_LABELS: Record<RegistrationStatus, string> = {
  pending: "status.pending",
  confirmed: "status.confirmed",
  cancelled: "status.cancelled",
};

export const SOURCE_LABELS: Record<RegistrationSource, string> = {
  organizer: "source.organizer",
  import: "source.import",
  delegation: "source.delegation",
  public: "source.public",
};

export const MODE_LABELS: Record<RegistrationMode, string> = {
  closed: "mode.closed",
  open: "mode.open",
  approval: "mode.approval",
};

/** Problem codes of the registration model, as messages by the field. */
export const PROBLEM_MESSAGES = {
  unknown_person: "registration:problems.unknownPerson",
  unknown_category: "registration:problems.unknownCategory",
  not_found: "registration:problems.notFound",
  wrong_status: "registration:problems.wrongStatus",
  registration_closed: "registration:problems.closed",
} as const;
