import { scheduleOf, type ScheduleEntry, type ScheduleReference } from "./schedule";
import type { ScheduleSource } from "./types";

/** The agenda as frab's schedule.xml (Pentabarf's format, c3voc's schedule.xml.xsd). */
export function buildScheduleXml(source: ScheduleSource): string {
  const schedule = scheduleOf(source);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<schedule>`,
    `  <generator name="Plenary"/>`,
    element("url", `${schedule.baseUrl}schedule.xml`, 1),
    element("version", schedule.version, 1),
    `  <conference>`,
    element("acronym", schedule.acronym, 2),
    element("title", schedule.title, 2),
    element("start", schedule.start, 2),
    element("end", schedule.end, 2),
    element("days", String(schedule.days.length), 2),
    element("timeslot_duration", schedule.timeslot, 2),
    element("base_url", schedule.baseUrl, 2),
    element("url", schedule.url, 2),
    element("time_zone_name", schedule.timeZone, 2),
    ...schedule.tracks.map((name) => `    <track name="${attribute(name)}"/>`),
    `  </conference>`,
  ];
  for (const day of schedule.days) {
    lines.push(`  <day index="${day.index}" date="${day.date}" start="${attribute(day.start)}" end="${attribute(day.end)}">`);
    for (const { room, entries } of day.rooms) {
      if (entries.length === 0) {
        lines.push(`    <room name="${attribute(room.name)}" guid="${room.guid}"/>`);
        continue;
      }
      lines.push(`    <room name="${attribute(room.name)}" guid="${room.guid}">`);
      for (const entry of entries) lines.push(...eventLines(entry));
      lines.push(`    </room>`);
    }
    lines.push(`  </day>`);
  }
  lines.push(`</schedule>`, "");
  return lines.join("\n");
}

function eventLines(entry: ScheduleEntry): string[] {
  return [
    `      <event guid="${entry.guid}" id="${entry.id}">`,
    element("date", entry.date, 4),
    element("start", entry.start, 4),
    element("duration", entry.duration, 4),
    element("room", entry.room, 4),
    element("slug", entry.slug, 4),
    element("url", entry.url, 4),
    element("title", entry.title, 4),
    element("subtitle", entry.subtitle, 4),
    element("track", entry.track ?? "", 4),
    element("type", entry.type, 4),
    element("language", entry.language, 4),
    element("abstract", entry.abstract, 4),
    element("description", entry.description, 4),
    ...(entry.persons.length === 0
      ? [`        <persons/>`]
      : [`        <persons>`, ...entry.persons.map((person) => `          <person id="${person.id}">${text(person.name)}</person>`), `        </persons>`]),
    ...references("links", "link", entry.links),
    ...references("attachments", "attachment", entry.attachments),
    `      </event>`,
  ];
}

function references(list: string, item: string, entries: ScheduleReference[]): string[] {
  if (entries.length === 0) return [`        <${list}/>`];
  return [
    `        <${list}>`,
    ...entries.map((entry) => `          <${item} href="${attribute(entry.url)}" type="${entry.type}">${text(entry.title)}</${item}>`),
    `        </${list}>`,
  ];
}

function element(name: string, value: string, depth: number): string {
  return `${"  ".repeat(depth)}<${name}>${text(value)}</${name}>`;
}

/** Character data: the three characters markup could start with. */
function text(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A double-quoted attribute value, with line breaks and tabs as references so parsers keep them. */
function attribute(value: string): string {
  return text(value).replaceAll('"', "&quot;").replaceAll("'", "&apos;").replaceAll("\n", "&#10;").replaceAll("\t", "&#9;");
}
