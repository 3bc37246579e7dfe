import { scheduleOf, type ScheduleEntry } from "./schedule";
import type { ScheduleSource } from "./types";

/** c3voc's schema takes only Area/Location names (or UTC) as the conference's zone. */
const C3VOC_ZONE_NAME = /^([A-Z][a-z]+\/[A-Z][a-z]+)|UTC$/;

/** The agenda as c3voc's schedule.json (https://c3voc.de/schedule/schema.json), as pretalx writes it. */
export function buildScheduleJson(source: ScheduleSource): string {
  const schedule = scheduleOf(source);
  const document = {
    $schema: "https://c3voc.de/schedule/schema.json",
    generator: { name: "Plenary" },
    schedule: {
      version: schedule.version,
      base_url: schedule.baseUrl,
      conference: {
        acronym: schedule.acronym,
        title: schedule.title,
        ...(schedule.description ? { description: schedule.description } : {}),
        start: schedule.start,
        end: schedule.end,
        daysCount: schedule.days.length,
        timeslot_duration: schedule.timeslot,
        ...(C3VOC_ZONE_NAME.test(schedule.timeZone) ? { time_zone_name: schedule.timeZone } : {}),
        url: schedule.url,
        tracks: schedule.tracks.map((name) => ({ name })),
        rooms: schedule.rooms.map((room) => ({ name: room.name, guid: room.guid })),
        days: schedule.days.map((day) => ({
          index: day.index,
          date: day.date,
          day_start: day.start,
          day_end: day.end,
          rooms: Object.fromEntries(day.rooms.map(({ room, entries }) => [room.name, entries.map(jsonEvent)])),
        })),
      },
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function jsonEvent(entry: ScheduleEntry) {
  return {
    guid: entry.guid,
    id: entry.id,
    date: entry.date,
    start: entry.start,
    end: entry.end,
    duration: entry.duration,
    room: entry.room,
    slug: entry.slug,
    url: entry.url,
    title: entry.title,
    subtitle: entry.subtitle,
    track: entry.track,
    type: entry.type,
    language: entry.language,
    abstract: entry.abstract,
    description: entry.description,
    persons: entry.persons.map((person) => ({ id: person.id, public_name: person.name })),
    links: entry.links,
    attachments: entry.attachments,
  };
}
