const UNITS = [
  ["byte", 1],
  ["kilobyte", 1e3],
  ["megabyte", 1e6],
  ["gigabyte", 1e9],
] as const;

/**
 * A file size in the viewer's number format with decimal (SI) units, as browsers and operating
 * systems show them today: 15 byte, 1.5 kB, 2.4 MB (1 kB = 1000 bytes).
 */
export function formatFileSize(bytes: number, language: string): string {
  const size = Math.max(0, bytes);
  // The largest unit that keeps the rounded figure at least 1; a figure that would round up to
  // 1000 moves on to the next unit, so 999 999 bytes reads "1 MB", never "1,000 kB".
  let index = 0;
  while (index < UNITS.length - 1 && Math.round((size / UNITS[index][1]) * 10) / 10 >= 1000) index += 1;
  const [unit, divisor] = UNITS[index];
  return new Intl.NumberFormat(language, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(size / divisor);
}
