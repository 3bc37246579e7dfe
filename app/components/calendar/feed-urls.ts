/** The address of an event's calendar feed with the agenda's filters and the reader's language. */
export function eventFeedUrl(
  origin: string,
  slug: string,
  { filters = {}, language }: { filters?: { track?: number; room?: number; type?: string; person?: number }; language: string },
): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== undefined) query.set(name, String(value));
  query.set("lang", language === "zh-TW" ? "zh-TW" : "en");
  return `${origin}/events/${encodeURIComponent(slug)}/calendar.ics?${query}`;
}

/** A session's one-event calendar file, in the reader's language. */
export function sessionCalendarPath(slug: string, sessionId: number, language: string): string {
  return `/events/${encodeURIComponent(slug)}/sessions/${sessionId}/calendar.ics?lang=${language === "zh-TW" ? "zh-TW" : "en"}`;
}
