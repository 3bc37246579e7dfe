import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The database as the application sees it. Instants are ISO-8601 UTC strings on both engines
 * (db/client.ts makes PostgreSQL return them that way); calendar days are `YYYY-MM-DD` text;
 * flags are 0 or 1.
 */
export interface Database {
  users: UsersTable;
  user_sessions: UserSessionsTable;
  login_attempts: LoginAttemptsTable;
  sign_in_devices: SignInDevicesTable;
  events: EventsTable;
  event_roles: EventRolesTable;
  audit_log: AuditLogTable;
  organizations: OrganizationsTable;
  people: PeopleTable;
  rooms: RoomsTable;
  tracks: TracksTable;
  sessions: SessionsTable;
  session_items: SessionItemsTable;
  session_people: SessionPeopleTable;
  attachments: AttachmentsTable;
  person_accounts: PersonAccountsTable;
  account_invitations: AccountInvitationsTable;
  outbox: OutboxTable;
  delegations: DelegationsTable;
  delegation_members: DelegationMembersTable;
  registration_categories: RegistrationCategoriesTable;
  session_categories: SessionCategoriesTable;
  registrations: RegistrationsTable;
  seats: SeatsTable;
  check_ins: CheckInsTable;
  bilateral_windows: BilateralWindowsTable;
  bilateral_places: BilateralPlacesTable;
  bilateral_busy_blocks: BilateralBusyBlocksTable;
  bilaterals: BilateralsTable;
  bilateral_preferred_starts: BilateralPreferredStartsTable;
  bilateral_attendees: BilateralAttendeesTable;
  bilateral_claims: BilateralClaimsTable;
  bilateral_minutes: BilateralMinutesTable;
  bilateral_notes: BilateralNotesTable;
  bilateral_action_items: BilateralActionItemsTable;
  feed_tokens: FeedTokensTable;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  is_admin: Generated<0 | 1>;
  created_at: string;
  updated_at: string;
}

export interface UserSessionsTable {
  id_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: 0 | 1;
  attempted_at: string;
  /** The sign_in_devices row of the device cookie the attempt carried for this account, if any. */
  device_id: number | null;
}

export interface SignInDevicesTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the device cookie's token; the token itself is never stored. */
  token_hash: string;
  user_id: number;
  created_at: string;
  last_signed_in_at: string;
  expires_at: string;
}

export const REGISTRATION_MODES = ["closed", "open", "approval"] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];
export type EventKind = "conference" | "seminar" | "workshop" | "meeting";
export type EventVisibility = "public" | "unlisted" | "private";

export interface EventsTable {
  id: Generated<number>;
  slug: string;
  title_en: string | null;
  title_zh: string | null;
  kind: Generated<EventKind>;
  city: string | null;
  venue: string | null;
  time_zone: string;
  starts_on: string;
  ends_on: string;
  visibility: Generated<EventVisibility>;
  host_organization_id: number | null;
  /** Whether the public may register: not at all, directly, or subject to an organizer's approval. */
  registration_mode: Generated<RegistrationMode>;
  description_en: string | null;
  description_zh: string | null;
  /** Bilateral meetings: the slot length, and the lengths (in slots) a meeting may take. */
  bilateral_slot_minutes: Generated<number>;
  bilateral_min_slots: Generated<number>;
  bilateral_max_slots: Generated<number>;
  /** Counts the changes to what the event's feeds and exports show; kept by triggers. */
  calendar_version: Generated<number>;
  calendar_changed_at: string | null;
  created_at: string;
  updated_at: string;
}

export type EventRoleName = "organizer" | "staff";

export interface EventRolesTable {
  event_id: number;
  user_id: number;
  role: EventRoleName;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_user_id: number | null;
  event_id: number | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: Generated<string>;
  created_at: string;
}

export const ORGANIZATION_KINDS = ["customs", "government", "international", "company", "association", "mission"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export interface OrganizationsTable {
  id: Generated<number>;
  /** Stable key of demo and imported rows, so loading them again finds the same row. */
  key: string | null;
  name_en: string | null;
  name_zh: string | null;
  /** ISO 3166 alpha-2 code, or null for international bodies. */
  country: string | null;
  kind: OrganizationKind;
  created_at: string;
  updated_at: string;
}

export interface PeopleTable {
  id: Generated<number>;
  key: string | null;
  /** The name in Latin script, as printed on badges and in English. */
  name: string;
  /** The name in its own script (溫武彥), when different. */
  name_native: string | null;
  title_en: string | null;
  title_zh: string | null;
  email: string | null;
  organization_id: number | null;
  /** The language mail to this person is written in. */
  language: MailLanguage | null;
  created_at: string;
  updated_at: string;
}

export type MailLanguage = "en" | "zh-TW";

export interface RoomsTable {
  id: Generated<number>;
  event_id: number;
  name_en: string | null;
  name_zh: string | null;
  capacity: number | null;
  position: Generated<number>;
}

export interface TracksTable {
  id: Generated<number>;
  event_id: number;
  name_en: string | null;
  name_zh: string | null;
  color: Generated<string>;
  position: Generated<number>;
}

export const SESSION_TYPES = ["plenary", "keynote", "panel", "workshop", "meeting", "ceremony", "break", "reception", "other"] as const;
export type SessionType = (typeof SESSION_TYPES)[number];
export const SESSION_STATUSES = ["scheduled", "tentative", "cancelled"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const PERSON_ROLES = ["speaker", "moderator", "panelist", "chair", "host"] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export interface SessionsTable {
  id: Generated<number>;
  event_id: number;
  key: string | null;
  type: SessionType;
  title_en: string | null;
  title_zh: string | null;
  description_en: string | null;
  description_zh: string | null;
  track_id: number | null;
  room_id: number | null;
  starts_at: string;
  ends_at: string;
  capacity: number | null;
  /** Who may attend when not everyone may, e.g. "ISA members only". */
  audience_note_en: string | null;
  audience_note_zh: string | null;
  status: Generated<SessionStatus>;
  /** Seats held (not waiting); counted under the session row's lock, never above capacity. */
  seats_taken: Generated<number>;
  /** iCalendar's SEQUENCE: goes up on every change a calendar client should notice. */
  sequence: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SessionItemsTable {
  id: Generated<number>;
  session_id: number;
  position: number;
  title_en: string | null;
  title_zh: string | null;
  starts_at: string;
  ends_at: string;
}

export interface SessionPeopleTable {
  session_id: number;
  person_id: number;
  role: PersonRole;
  position: Generated<number>;
  item_id: number | null;
}

export interface AttachmentsTable {
  id: Generated<number>;
  session_id: number;
  annex_label: string | null;
  file_name: string;
  stored_name: string;
  content_type: string;
  size_bytes: number;
  uploaded_by: number | null;
  created_at: string;
}

/** A user account acting as a person of the directory; each side at most once. */
export interface PersonAccountsTable {
  person_id: number;
  user_id: number;
  linked_at: string;
}

export interface AccountInvitationsTable {
  id: Generated<number>;
  person_id: number;
  /** SHA-256 (hex) of the mailed token; the token itself is never stored. */
  token_hash: string;
  email: string;
  invited_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Mail kept for administrators to read when no SMTP server is configured. */
export interface OutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  language: MailLanguage;
  event_id: number | null;
  created_at: string;
}

export interface DelegationsTable {
  id: Generated<number>;
  event_id: number;
  key: string;
  name_en: string | null;
  name_zh: string | null;
  /** ISO 3166 alpha-2 (or EU); null for an international body. */
  country: string | null;
  organization_id: number | null;
  /** How many come when not every member is named. */
  declared_size: number | null;
  contact_email: string | null;
  contact_phone: string | null;
  /** How many bilateral meetings it can hold at once. */
  bilateral_teams: Generated<number>;
  /** Open to direct bookings by delegations that have opened theirs too. */
  self_booking: Generated<0 | 1>;
  created_at: string;
  updated_at: string;
}

export const DELEGATION_ROLES = ["head", "member", "adviser", "liaison"] as const;
export type DelegationRole = (typeof DELEGATION_ROLES)[number];

export interface DelegationMembersTable {
  delegation_id: number;
  /** The delegation's event, repeated so that the database keeps one delegation per person and event. */
  event_id: number;
  person_id: number;
  role: DelegationRole;
  position: Generated<number>;
  created_at: string;
}

export interface RegistrationCategoriesTable {
  id: Generated<number>;
  event_id: number;
  name_en: string | null;
  name_zh: string | null;
  /** Offered on the public registration form. */
  public: Generated<0 | 1>;
  position: Generated<number>;
}

/** A session open only to these categories (none: open to every registration). */
export interface SessionCategoriesTable {
  session_id: number;
  category_id: number;
}

export const REGISTRATION_STATUSES = ["pending", "confirmed", "cancelled"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const REGISTRATION_SOURCES = ["organizer", "import", "delegation", "public"] as const;
export type RegistrationSource = (typeof REGISTRATION_SOURCES)[number];

export interface RegistrationsTable {
  id: Generated<number>;
  event_id: number;
  person_id: number;
  category_id: number | null;
  status: RegistrationStatus;
  source: RegistrationSource;
  country: string | null;
  organization_text: string | null;
  dietary_needs: string | null;
  access_needs: string | null;
  /** Random and unguessable: in the badge's QR code and typed at the door. */
  badge_code: string;
  registered_by: number | null;
  created_at: string;
  updated_at: string;
}

export type SeatStatus = "seated" | "waiting";

export interface SeatsTable {
  /** Handed out under the session row's lock: the waiting list's order. */
  id: Generated<number>;
  session_id: number;
  registration_id: number;
  status: SeatStatus;
  requested_at: string;
  seated_at: string | null;
}

export interface CheckInsTable {
  id: Generated<number>;
  event_id: number;
  registration_id: number;
  /** Event-local day (YYYY-MM-DD). */
  day: string;
  /** Null at the door; the session's id at a session. */
  session_id: number | null;
  checked_in_at: string;
  checked_in_by: number | null;
  undone_at: string | null;
  undone_by: number | null;
}

export const BILATERAL_PRIORITIES = ["high", "normal", "low"] as const;
export type BilateralPriorityName = (typeof BILATERAL_PRIORITIES)[number];
/**
 * requested: waiting for the other side; proposed: a time proposed by `proposed_by`, waiting for
 * the other side; accepted: both agree, time left to the scheduler; booked: has a time, place and
 * table; declined and cancelled: closed, with a reason.
 */
export const BILATERAL_STATUSES = ["requested", "proposed", "accepted", "booked", "declined", "cancelled"] as const;
export type BilateralStatus = (typeof BILATERAL_STATUSES)[number];
/** How long a request's topic, and a decline's or cancellation's reason, may be: checked in the form and in the model. */
export const BILATERAL_TOPIC_MAX_LENGTH = 300;
export const BILATERAL_REASON_MAX_LENGTH = 500;
export type BilateralBookedVia = "agreed" | "self" | "scheduler" | "organizer";
export const ACTION_ITEM_STATUSES = ["open", "done", "dropped"] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export interface BilateralWindowsTable {
  id: Generated<number>;
  event_id: number;
  starts_at: string;
  ends_at: string;
  created_at: string;
}

export interface BilateralPlacesTable {
  id: Generated<number>;
  event_id: number;
  name_en: string | null;
  name_zh: string | null;
  tables: number;
  position: Generated<number>;
}

export interface BilateralBusyBlocksTable {
  id: Generated<number>;
  event_id: number;
  delegation_id: number;
  starts_at: string;
  ends_at: string;
  note: string | null;
  created_by: number | null;
  created_at: string;
}

export interface BilateralsTable {
  id: Generated<number>;
  event_id: number;
  requester_id: number;
  recipient_id: number;
  topic: string;
  length_slots: number;
  priority: BilateralPriorityName;
  must_meet: Generated<0 | 1>;
  status: BilateralStatus;
  proposed_start: string | null;
  proposed_by: number | null;
  starts_at: string | null;
  ends_at: string | null;
  place_id: number | null;
  table_number: number | null;
  booked_via: BilateralBookedVia | null;
  closing_reason: string | null;
  closed_by: number | null;
  version: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface BilateralPreferredStartsTable {
  bilateral_id: number;
  starts_at: string;
}

export interface BilateralAttendeesTable {
  bilateral_id: number;
  person_id: number;
  delegation_id: number;
}

/** One resource (`delegation:<id>:<team>`, `table:<placeId>:<number>`, `person:<id>`) in one slot, held by one booked meeting. */
export interface BilateralClaimsTable {
  event_id: number;
  resource: string;
  slot_start: string;
  bilateral_id: number;
}

export interface BilateralMinutesTable {
  id: Generated<number>;
  bilateral_id: number;
  body_en: string | null;
  body_zh: string | null;
  author_user_id: number | null;
  author_delegation_id: number | null;
  created_at: string;
}

export interface BilateralNotesTable {
  bilateral_id: number;
  delegation_id: number;
  body: string;
  updated_by: number | null;
  updated_at: string;
}

export interface BilateralActionItemsTable {
  id: Generated<number>;
  bilateral_id: number;
  owner_delegation_id: number;
  text_en: string | null;
  text_zh: string | null;
  due_on: string | null;
  status: Generated<ActionItemStatus>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Event = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type EventUpdate = Updateable<EventsTable>;
export type EventRole = Selectable<EventRolesTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type Organization = Selectable<OrganizationsTable>;
export type Person = Selectable<PeopleTable>;
export type Room = Selectable<RoomsTable>;
export type Track = Selectable<TracksTable>;
export type Session = Selectable<SessionsTable>;
export type SessionItem = Selectable<SessionItemsTable>;
export type Attachment = Selectable<AttachmentsTable>;

export const FEED_KINDS = ["person", "delegation"] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** The secret address of a private calendar feed: a person's schedule in an event, or a delegation's. */
export interface FeedTokensTable {
  id: Generated<number>;
  user_id: number;
  event_id: number;
  kind: FeedKind;
  person_id: number | null;
  delegation_id: number | null;
  /** The token is derived from this with the server's secret; only its hash is looked up. */
  nonce: string;
  /** SHA-256 (hex) of the token. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
