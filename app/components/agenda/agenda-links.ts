/** The agenda's query parameters, as the page's links and form carry them. */
export interface AgendaParams {
  day?: string;
  view?: "grid" | "list";
  track?: number;
  room?: number;
  type?: string;
  q?: string;
  tz?: string;
}

/** `/events/slug?day=…` with only the parameters that are set, so links stay short and shareable. */
export function agendaHref(slug: string, params: AgendaParams): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(name, String(value));
  }
  const query = search.toString();
  return `/events/${encodeURIComponent(slug)}${query ? `?${query}` : ""}`;
}

/** A link inside the event that keeps the viewer's chosen zone. */
export function eventPageHref(slug: string, path: string, tz: string | undefined): string {
  return `/events/${encodeURIComponent(slug)}/${path}${tz ? `?${new URLSearchParams({ tz })}` : ""}`;
}
