import { useId } from "react";

export interface BarChartRow {
  key: string;
  label: string;
  /** The language of `label` when it differs from the page's (a delegation's name in the other language). */
  lang?: string;
  /** The whole (registered, capacity): drawn hatched. */
  total: number;
  /** The part of it (checked in, seats taken): drawn solid over it. */
  part: number;
  /** The figures written out, e.g. "3 of 5". */
  valueText: string;
}

const ROW_HEIGHT = 28;
const LABEL_WIDTH = 320;
const BAR_WIDTH = 360;
const VALUE_WIDTH = 130;
const WIDTH = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
/** How many half-width characters fit in the label column at 13px; a wide (CJK) character counts two. */
const LABEL_WIDTH_UNITS = 40;

function widthUnits(character: string): number {
  return /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(character) ? 2 : 1;
}

/** The label cut to the label column (with an ellipsis), so that it never runs off the chart's left edge. */
function shorten(label: string): string {
  let used = 0;
  const kept: string[] = [];
  for (const character of label) {
    used += widthUnits(character);
    if (used > LABEL_WIDTH_UNITS - 1) return `${kept.join("")}…`;
    kept.push(character);
  }
  return label;
}

/**
 * Horizontal bars drawn on the server as SVG: each row's whole as a hatched outline and its part
 * as a solid bar within it, with the label and the figures written beside them, so the chart reads
 * without colour, without JavaScript and on paper. A title and description name it for screen
 * readers; the table next to it holds the same figures.
 */
export function BarChart({ title, description, rows }: { title: string; description: string; rows: BarChartRow[] }) {
  const id = useId();
  const titleId = `${id}-title`;
  const descriptionId = `${id}-description`;
  const patternId = `${id}-hatch`;
  const scale = Math.max(1, ...rows.map((row) => Math.max(row.total, row.part)));
  const height = rows.length * ROW_HEIGHT + 8;
  return (
    <svg
      className="bar-chart"
      role="img"
      aria-labelledby={`${titleId} ${descriptionId}`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={titleId}>{title}</title>
      <desc id={descriptionId}>{description}</desc>
      <defs>
        <pattern id={patternId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#ffffff" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#5b6675" strokeWidth="2" />
        </pattern>
      </defs>
      {rows.map((row, index) => {
        const y = index * ROW_HEIGHT + 4;
        const totalWidth = (row.total / scale) * BAR_WIDTH;
        const partWidth = (Math.min(row.part, Math.max(row.total, row.part)) / scale) * BAR_WIDTH;
        return (
          <g key={row.key}>
            <text x={LABEL_WIDTH - 8} y={y + ROW_HEIGHT / 2} textAnchor="end" dominantBaseline="middle" fontSize="13" fill="#1c2430" lang={row.lang}>
              {shorten(row.label)}
            </text>
            <rect x={LABEL_WIDTH} y={y + 4} width={Math.max(totalWidth, 1)} height={ROW_HEIGHT - 8} fill={`url(#${patternId})`} stroke="#1c2430" strokeWidth="1" />
            <rect x={LABEL_WIDTH} y={y + 8} width={partWidth} height={ROW_HEIGHT - 16} fill="#0b5cad" />
            <text x={LABEL_WIDTH + Math.max(totalWidth, partWidth) + 6} y={y + ROW_HEIGHT / 2} dominantBaseline="middle" fontSize="13" fill="#1c2430">
              {row.valueText}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
