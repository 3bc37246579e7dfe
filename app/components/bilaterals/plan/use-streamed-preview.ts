import { useCallback, useState } from "react";
import type { SchedulePreview } from "~/models/bilateral-schedule.server";

/** One line of the progress stream: work done so far, then the preview (or a failure). */
export type PreviewStreamLine = { done: number; total: number } | { preview: SchedulePreview } | { error: "failed" };

export type StreamedPreview =
  { status: "idle" } | { status: "running"; done: number; total: number } | { status: "done"; preview: SchedulePreview } | { status: "failed" };

/**
 * Asks the progress route for a preview and follows its newline-delimited JSON: the progress bar
 * moves with each `{done, total}` line, and the last line carries the preview. The plain form post
 * does the same without JavaScript, only without the bar.
 */
export function useStreamedPreview(url: string) {
  const [state, setState] = useState<StreamedPreview>({ status: "idle" });
  const read = (line: PreviewStreamLine) => {
    if ("preview" in line) setState({ status: "done", preview: line.preview });
    else if ("error" in line) setState({ status: "failed" });
    else setState({ status: "running", done: line.done, total: line.total });
  };
  const start = useCallback(async () => {
    setState({ status: "running", done: 0, total: 0 });
    try {
      const response = await fetch(url, { method: "POST", body: new URLSearchParams({ intent: "preview" }), headers: { Accept: "application/x-ndjson" } });
      if (!response.ok || !response.body) throw new Error(`progress answered ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      let finished = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf("\n");
        while (end >= 0) {
          const text = buffer.slice(0, end).trim();
          buffer = buffer.slice(end + 1);
          if (text) {
            const line = JSON.parse(text) as PreviewStreamLine;
            finished ||= !("done" in line);
            read(line);
          }
          end = buffer.indexOf("\n");
        }
      }
      if (!finished) setState({ status: "failed" });
    } catch {
      setState({ status: "failed" });
    }
  }, [url]);
  const reset = useCallback(() => setState({ status: "idle" }), []);
  return { state, start, reset };
}
