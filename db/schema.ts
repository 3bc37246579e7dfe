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
  description_en: string | null;
  description_zh: string | null;
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
  created_at: string;
  updated_at: string;
}

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
