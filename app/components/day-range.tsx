import { useTranslation } from "react-i18next";
import { formatDay } from "~/utils/localized";

/** An event's first to last day; a one-day event shows its day once. */
export function DayRange({ first, last }: { first: string; last: string }) {
  const { t, i18n } = useTranslation();
  const start = formatDay(first, i18n.language);
  return <>{first === last ? start : t("home.dates", { start, end: formatDay(last, i18n.language) })}</>;
}
