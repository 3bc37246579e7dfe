import { DateTime } from "luxon";
import type { Kysely, Transaction } from "kysely";
import { isValidZone, localToUtc } from "../../lib/zoned-time";
import type { Database, OrganizationKind, PersonRole, SessionType } from "../schema";
import { DEMO_ORGANIZER_EMAIL } from "./demo";
import { seededRandom } from "../../lib/seeded-random";

/**
 * A large, made-up event for scale tests and benchmarks: `sessions` sessions spread evenly over
 * `rooms` rooms and `days` days, back to back from 08:00 in the event's zone, never two at once in
 * one room and never one person in two rooms at once. Deterministic: the same options give the
 * same agenda.
 */

export interface SyntheticOptions {
  sessions: number;
  rooms: number;
  days: number;
  /** Default `synthetic-<sessions>`. An existing event with this slug is replaced. */
  slug?: string;
  /** First day, `YYYY-MM-DD`; default 2027-09-13. */
  startsOn?: string;
  /** IANA zone of the event; default Europe/Brussels. */
  timeZone?: string;
  /** Called with rows inserted so far and rows to insert in all, after every batch. */
  onProgress?: (done: number, total: number) => void;
  now?: Date;
}

export interface SyntheticResult {
  eventId: number;
  slug: string;
  /** The public agenda's URL path. */
  path: string;
  timeZone: string;
  startsOn: string;
  endsOn: string;
  counts: { organizations: number; people: number; rooms: number; tracks: number; sessions: number; sessionItems: number; sessionPeople: number };
}

export const SYNTHETIC_DEFAULTS = { sessions: 2000, rooms: 40, days: 10, startsOn: "2027-09-13", timeZone: "Europe/Brussels" } as const;

/** The agenda day runs 08:00–23:00, so a room holds at most ten 90-minute sessions a day. */
export const SYNTHETIC_LIMITS = { sessions: 200_000, rooms: 1000, days: 60, sessionsPerRoomDay: 10 } as const;

const DAY_START = "08:00";
const DAY_MINUTES = 15 * 60;
const DURATIONS = [45, 60, 75, 90] as const;

/**
 * Rows per INSERT are capped so that no statement binds more than 999 parameters (SQLite's limit
 * before 3.32; PostgreSQL allows 65535).
 */
const MAX_PARAMETERS = 999;
const MAX_ROWS_PER_INSERT = 200;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What is wrong with the options, or null when they can be seeded. */
export function syntheticOptionsError(options: Pick<SyntheticOptions, "sessions" | "rooms" | "days" | "slug" | "startsOn" | "timeZone">): string | null {
  const { sessions, rooms, days } = options;
  for (const [name, value] of Object.entries({ sessions, rooms, days })) {
    const max = SYNTHETIC_LIMITS[name as "sessions" | "rooms" | "days"];
    if (!Number.isSafeInteger(value) || value < 1 || value > max) return `--${name} must be a whole number from 1 to ${max}, got ${value}`;
  }
  const capacity = rooms * days * SYNTHETIC_LIMITS.sessionsPerRoomDay;
  if (sessions > capacity) {
    return `${sessions} sessions do not fit in ${rooms} room${rooms === 1 ? "" : "s"} over ${days} day${days === 1 ? "" : "s"} (at most ${SYNTHETIC_LIMITS.sessionsPerRoomDay} per room per day, ${capacity} in all)`;
  }
  if (options.slug !== undefined && !SLUG.test(options.slug)) return `--slug must be lower-case letters, digits and single hyphens, got "${options.slug}"`;
  // An existing event with the slug is replaced, so only synthetic slugs may be named.
  if (options.slug !== undefined && !options.slug.startsWith("synthetic-")) return `--slug must start with "synthetic-", got "${options.slug}"`;
  if (options.startsOn !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(options.startsOn) && DateTime.fromISO(options.startsOn).isValid)) {
    return `the first day must be a date YYYY-MM-DD, got "${options.startsOn}"`;
  }
  if (options.timeZone !== undefined && !isValidZone(options.timeZone)) return `unknown time zone "${options.timeZone}"`;
  return null;
}

export async function seedSynthetic(db: Kysely<Database>, options: SyntheticOptions): Promise<SyntheticResult> {
  const error = syntheticOptionsError(options);
  if (error) throw new RangeError(error);
  const slug = options.slug ?? `synthetic-${options.sessions}`;
  const timeZone = options.timeZone ?? SYNTHETIC_DEFAULTS.timeZone;
  const startsOn = options.startsOn ?? SYNTHETIC_DEFAULTS.startsOn;
  const at = (options.now ?? new Date()).toISOString();
  const plan = planAgenda({ ...options, slug, timeZone, startsOn });

  const counts = {
    organizations: plan.organizations.length,
    people: plan.people.length,
    rooms: plan.rooms.length,
    tracks: plan.tracks.length,
    sessions: plan.sessions.length,
    sessionItems: plan.items.length,
    sessionPeople: plan.sessionPeople.length,
  };
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  let done = 0;
  const progress = (rows: number) => {
    done += rows;
    options.onProgress?.(done, total);
  };
  options.onProgress?.(0, total);

  const eventId = await db.transaction().execute(async (trx) => {
    // Replace: the event's rooms, tracks, sessions and roles go with it (ON DELETE CASCADE); its
    // organizations and people carry the slug in their keys.
    await trx.deleteFrom("events").where("slug", "=", slug).execute();
    await trx.deleteFrom("people").where("key", "like", `${plan.keyPrefix}%`).execute();
    await trx.deleteFrom("organizations").where("key", "like", `${plan.keyPrefix}%`).execute();

    await insertInBatches(plan.organizations.map((org) => ({ ...org, created_at: at, updated_at: at })), (batch) =>
      trx.insertInto("organizations").values(batch).execute(), progress);
    const orgIds = await idsByKey(trx, "organizations", plan.keyPrefix);

    const event = await trx
      .insertInto("events")
      .values({
        slug,
        title_en: `Synthetic conference (${plan.sessions.length} sessions)`,
        title_zh: `合成測試大會（${plan.sessions.length} 場）`,
        kind: "conference",
        city: "Brussels",
        venue: "Synthetic Congress Centre",
        time_zone: timeZone,
        starts_on: startsOn,
        ends_on: plan.days[plan.days.length - 1],
        visibility: "public",
        host_organization_id: orgIds.get(plan.organizations[0].key) ?? null,
        description_en: "Generated for scale tests by `npm run db:seed -- --synthetic`.",
        description_zh: "以 `npm run db:seed -- --synthetic` 產生，供大規模測試使用。",
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    const organizer = await trx.selectFrom("users").select("id").where("email", "=", DEMO_ORGANIZER_EMAIL).executeTakeFirst();
    if (organizer) {
      await trx.insertInto("event_roles").values({ event_id: event.id, user_id: organizer.id, role: "organizer", created_at: at }).execute();
    }

    await insertInBatches(
      plan.people.map(({ orgIndex, ...person }) => ({
        ...person,
        organization_id: orgIds.get(plan.organizations[orgIndex].key) ?? null,
        created_at: at,
        updated_at: at,
      })),
      (batch) => trx.insertInto("people").values(batch).execute(),
      progress,
    );
    const personIds = await idsByKey(trx, "people", plan.keyPrefix);

    await insertInBatches(plan.rooms.map((room) => ({ ...room, event_id: event.id })), (batch) => trx.insertInto("rooms").values(batch).execute(), progress);
    await insertInBatches(plan.tracks.map((track) => ({ ...track, event_id: event.id })), (batch) => trx.insertInto("tracks").values(batch).execute(), progress);
    const roomIds = (await trx.selectFrom("rooms").select("id").where("event_id", "=", event.id).orderBy("position").execute()).map((r) => r.id);
    const trackIds = (await trx.selectFrom("tracks").select("id").where("event_id", "=", event.id).orderBy("position").execute()).map((t) => t.id);

    await insertInBatches(
      plan.sessions.map(({ roomIndex, trackIndex, ...session }) => ({
        ...session,
        event_id: event.id,
        room_id: roomIds[roomIndex],
        track_id: trackIds[trackIndex],
        status: "scheduled" as const,
        created_at: at,
        updated_at: at,
      })),
      (batch) => trx.insertInto("sessions").values(batch).execute(),
      progress,
    );
    const sessionIds = new Map(
      (await trx.selectFrom("sessions").select(["id", "key"]).where("event_id", "=", event.id).execute()).map((s) => [s.key ?? "", s.id]),
    );
    const sessionId = (key: string) => {
      const id = sessionIds.get(key);
      if (id === undefined) throw new Error(`synthetic session ${key} was not stored`);
      return id;
    };

    await insertInBatches(
      plan.items.map(({ sessionKey, ...item }) => ({ ...item, session_id: sessionId(sessionKey) })),
      (batch) => trx.insertInto("session_items").values(batch).execute(),
      progress,
    );
    await insertInBatches(
      plan.sessionPeople.map(({ sessionKey, personKey, ...link }) => {
        const personId = personIds.get(personKey);
        if (personId === undefined) throw new Error(`synthetic person ${personKey} was not stored`);
        return { ...link, session_id: sessionId(sessionKey), person_id: personId, item_id: null };
      }),
      (batch) => trx.insertInto("session_people").values(batch).execute(),
      progress,
    );
    return event.id;
  });

  return { eventId, slug, path: `/events/${slug}`, timeZone, startsOn, endsOn: plan.days[plan.days.length - 1], counts };
}

async function insertInBatches<T extends object>(rows: T[], insert: (batch: T[]) => Promise<unknown>, progress: (rows: number) => void): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).length;
  const size = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns)));
  for (let start = 0; start < rows.length; start += size) {
    const batch = rows.slice(start, start + size);
    await insert(batch);
    progress(batch.length);
  }
}

async function idsByKey(trx: Transaction<Database>, table: "organizations" | "people", prefix: string): Promise<Map<string, number>> {
  const rows = await trx.selectFrom(table).select(["id", "key"]).where("key", "like", `${prefix}%`).execute();
  return new Map(rows.map((row) => [row.key ?? "", row.id]));
}

// ---------------------------------------------------------------------------------------------
// The plan: every row, built in memory before anything is written.

const TOPICS: Array<[string, string]> = [
  ["Supply chain security", "供應鏈安全"],
  ["Risk management", "風險管理"],
  ["Trade facilitation", "貿易便捷化"],
  ["Mutual recognition arrangements", "相互承認協議"],
  ["Authorized economic operators", "優質企業"],
  ["Post-clearance audit", "事後稽核"],
  ["Air cargo security", "空運貨物安全"],
  ["Maritime container security", "海運貨櫃安全"],
  ["Cross-border e-commerce", "跨境電子商務"],
  ["Data exchange between administrations", "關務資料交換"],
  ["Rules of origin", "原產地規則"],
  ["Customs valuation", "關稅估價"],
  ["Non-intrusive inspection", "非侵入式檢查"],
  ["Capacity building", "能力建構"],
  ["Integrity and ethics", "廉政與倫理"],
  ["Green customs", "綠色海關"],
];

const TRACKS: Array<{ name_en: string; name_zh: string; color: string }> = [
  { name_en: "Security", name_zh: "安全", color: "#1d4ed8" },
  { name_en: "Facilitation", name_zh: "便捷化", color: "#0f766e" },
  { name_en: "Compliance", name_zh: "法規遵循", color: "#b45309" },
  { name_en: "Technology", name_zh: "科技", color: "#86198f" },
  { name_en: "Partnerships", name_zh: "夥伴關係", color: "#be123c" },
  { name_en: "Capacity Building", name_zh: "能力建構", color: "#4d7c0f" },
];

const TYPE_LABELS: Partial<Record<SessionType, [string, string]>> = {
  plenary: ["Plenary", "全體會議"],
  keynote: ["Keynote", "專題演講"],
  panel: ["Panel", "座談"],
  workshop: ["Workshop", "研討會"],
  meeting: ["Working meeting", "工作會議"],
};

const ORGANIZATIONS: Array<{ name_en: string; name_zh: string; country: string | null; kind: OrganizationKind }> = [
  { name_en: "General Administration of Customs and Excise (Belgium)", name_zh: "比利時關務及消費稅總署", country: "BE", kind: "customs" },
  { name_en: "Netherlands Customs", name_zh: "荷蘭海關", country: "NL", kind: "customs" },
  { name_en: "Customs Administration of Japan", name_zh: "日本海關", country: "JP", kind: "customs" },
  { name_en: "Customs Administration, Ministry of Finance (Taiwan)", name_zh: "財政部關務署", country: "TW", kind: "customs" },
  { name_en: "World Customs Organization", name_zh: "世界關務組織", country: null, kind: "international" },
  { name_en: "Harbourline Logistics", name_zh: "港線物流", country: "DE", kind: "company" },
  { name_en: "Northwind Freight Forwarders", name_zh: "北風貨運承攬", country: "SG", kind: "company" },
  { name_en: "International Express Carriers Association", name_zh: "國際快遞業者協會", country: null, kind: "association" },
];

const GIVEN_NAMES = ["Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko", "Luca", "Maya", "Nils", "Olga", "Pieter", "Rosa", "Sam", "Tariq", "Vera"];
const FAMILY_NAMES = ["Adams", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ito", "Janssens", "Kowalski", "Lambert", "Moreau", "Novak", "Okafor", "Peeters", "Rossi", "Schmidt", "Tanaka", "Vermeulen"];
/** Taiwanese names: romanized, native. */
const TW_NAMES: Array<[string, string]> = [
  ["Chen Yi-ling", "陳怡伶"], ["Lin Chih-wei", "林志偉"], ["Huang Mei-hua", "黃美華"], ["Chang Chun-hung", "張俊宏"], ["Li Ya-ting", "李雅婷"],
  ["Wang Chien-ming", "王建明"], ["Wu Shu-fen", "吳淑芬"], ["Liu Kuan-yu", "劉冠宇"], ["Tsai Hsin-yi", "蔡欣怡"], ["Yang Cheng-en", "楊承恩"],
];
const JOB_TITLES: Array<[string, string]> = [
  ["Director", "處長"], ["Deputy Director", "副處長"], ["Senior Officer", "高級專員"], ["Policy Adviser", "政策顧問"], ["Head of Unit", "科長"],
  ["Compliance Manager", "法遵經理"], ["Security Manager", "安全經理"], ["Technical Attaché", "技術專員"],
];

interface Plan {
  keyPrefix: string;
  days: string[];
  organizations: Array<{ key: string; name_en: string; name_zh: string; country: string | null; kind: OrganizationKind }>;
  people: Array<{ key: string; name: string; name_native: string | null; title_en: string; title_zh: string; orgIndex: number }>;
  rooms: Array<{ name_en: string; name_zh: string; capacity: number; position: number }>;
  tracks: Array<{ name_en: string; name_zh: string; color: string; position: number }>;
  sessions: Array<{
    key: string;
    type: SessionType;
    title_en: string;
    title_zh: string;
    roomIndex: number;
    trackIndex: number;
    starts_at: string;
    ends_at: string;
  }>;
  items: Array<{ sessionKey: string; position: number; title_en: string; title_zh: string; starts_at: string; ends_at: string }>;
  sessionPeople: Array<{ sessionKey: string; personKey: string; role: PersonRole; position: number }>;
}

function planAgenda({ sessions, rooms, days, slug, timeZone, startsOn }: { sessions: number; rooms: number; days: number; slug: string; timeZone: string; startsOn: string }): Plan {
  const random = seededRandom(sessions * 7919 + rooms * 131 + days);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const keyPrefix = `${slug}/`;
  const pad = (n: number, width: number) => String(n).padStart(width, "0");

  const first = DateTime.fromISO(startsOn, { zone: "utc" });
  const dayList = Array.from({ length: days }, (_, d) => first.plus({ days: d }).toFormat("yyyy-MM-dd"));

  const organizations = ORGANIZATIONS.map((org, index) => ({ key: `${keyPrefix}org/${index + 1}`, ...org }));
  const peopleCount = Math.max(1, Math.ceil(sessions / 4));
  const people = Array.from({ length: peopleCount }, (_, index) => {
    const taiwanese = index % 5 === 4;
    const [twName, twNative] = TW_NAMES[index % TW_NAMES.length];
    const [title_en, title_zh] = JOB_TITLES[index % JOB_TITLES.length];
    return {
      key: `${keyPrefix}person/${pad(index + 1, 6)}`,
      name: taiwanese ? twName : `${GIVEN_NAMES[index % GIVEN_NAMES.length]} ${FAMILY_NAMES[Math.floor(index / GIVEN_NAMES.length) % FAMILY_NAMES.length]}`,
      name_native: taiwanese ? twNative : null,
      title_en,
      title_zh,
      orgIndex: index % organizations.length,
    };
  });

  const roomRows = Array.from({ length: rooms }, (_, index) =>
    index === 0
      ? { name_en: "Plenary Hall", name_zh: "全體會議廳", capacity: 1500, position: 1 }
      : { name_en: `Room ${pad(index + 1, 2)}`, name_zh: `第 ${pad(index + 1, 2)} 會議室`, capacity: [40, 60, 80, 120, 200][index % 5], position: index + 1 },
  );
  const trackRows = TRACKS.map((track, index) => ({ ...track, position: index + 1 }));

  // A person only ever speaks in one room (people are dealt out to rooms), and a room never holds
  // two sessions at once, so nobody is booked twice at the same time.
  const pools: string[][] = Array.from({ length: rooms }, () => []);
  people.forEach((person, index) => pools[index % rooms].push(person.key));
  const poolCursor = new Array<number>(rooms).fill(0);
  const takePeople = (roomIndex: number, count: number): string[] => {
    const pool = pools[roomIndex];
    const taken: string[] = [];
    for (let i = 0; i < Math.min(count, pool.length); i += 1) {
      taken.push(pool[poolCursor[roomIndex] % pool.length]);
      poolCursor[roomIndex] += 1;
    }
    return taken;
  };

  const plan: Plan = { keyPrefix, days: dayList, organizations, people, rooms: roomRows, tracks: trackRows, sessions: [], items: [], sessionPeople: [] };
  const cells = rooms * days;
  let number = 0;
  for (let d = 0; d < days; d += 1) {
    const dayStart = localToUtc(dayList[d], DAY_START, timeZone);
    if (!dayStart.ok) throw new Error(`${dayList[d]} ${DAY_START} is ${dayStart.reason} in ${timeZone}`);
    const dayStartMs = Date.parse(dayStart.iso);
    for (let r = 0; r < rooms; r += 1) {
      const cell = d * rooms + r;
      const count = Math.floor(sessions / cells) + (cell < sessions % cells ? 1 : 0);
      // A 15-minute changeover between sessions when the day has room for it. 08:00–23:00 holds
      // no DST switch, so adding minutes to the UTC instant keeps the local clock in step.
      const gap = count * (DURATIONS[DURATIONS.length - 1] + 15) <= DAY_MINUTES ? 15 : 0;
      let minute = 0;
      for (let slot = 0; slot < count; slot += 1) {
        number += 1;
        const duration = pick(DURATIONS);
        const type: SessionType = r === 0 && slot === 0 ? "plenary" : pick(["workshop", "workshop", "workshop", "panel", "panel", "keynote", "meeting"] as const);
        const topicIndex = Math.floor(random() * TOPICS.length);
        const [topicEn, topicZh] = TOPICS[topicIndex];
        const [labelEn, labelZh] = TYPE_LABELS[type] ?? ["Session", "場次"];
        const key = `s${pad(number, 6)}`;
        const startMs = dayStartMs + minute * 60_000;
        plan.sessions.push({
          key,
          type,
          title_en: `${labelEn}: ${topicEn} (${number})`,
          title_zh: `${labelZh}：${topicZh}（${number}）`,
          roomIndex: r,
          trackIndex: topicIndex % TRACKS.length,
          starts_at: new Date(startMs).toISOString(),
          ends_at: new Date(startMs + duration * 60_000).toISOString(),
        });
        minute += duration + gap;

        if (type === "plenary") {
          // Opening plenary of the day: welcome, keynote address, discussion, in equal parts.
          const part = duration / 3;
          ([["Welcome", "歡迎致詞"], ["Keynote address", "專題演講"], ["Discussion", "討論"]] as const).forEach(([en, zh], index) => {
            plan.items.push({
              sessionKey: key,
              position: index + 1,
              title_en: en,
              title_zh: zh,
              starts_at: new Date(startMs + index * part * 60_000).toISOString(),
              ends_at: new Date(startMs + (index + 1) * part * 60_000).toISOString(),
            });
          });
        }
        const roles: PersonRole[] =
          type === "panel" ? ["moderator", "panelist", "panelist", "panelist"]
          : type === "workshop" ? (random() < 0.5 ? ["speaker"] : ["speaker", "speaker"])
          : type === "meeting" ? ["chair"]
          : ["speaker"];
        takePeople(r, roles.length).forEach((personKey, index) => {
          plan.sessionPeople.push({ sessionKey: key, personKey, role: roles[index], position: index + 1 });
        });
      }
    }
  }
  return plan;
}
