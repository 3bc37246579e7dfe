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
  events: EventsTable;
  event_roles: EventRolesTable;
  audit_log: AuditLogTable;
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

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Event = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type EventUpdate = Updateable<EventsTable>;
export type EventRole = Selectable<EventRolesTable>;
export type AuditEntry = Selectable<AuditLogTable>;
