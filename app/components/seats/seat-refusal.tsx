import { useTranslation } from "react-i18next";
import type { SeatRefusal } from "~/models/seat.server";
import { localized } from "~/utils/localized";

/** Names joined as the language lists them ("A, B and C" / 「A、B和C」). */
export function listOfNames(names: readonly string[], language: string): string {
  return new Intl.ListFormat(language, { style: "long", type: "conjunction" }).format(names);
}

/** Why a seat was refused, in the viewer's language: the categories a session admits, the seat that overlaps. */
export function SeatRefusalMessage({ refusal }: { refusal: SeatRefusal }) {
  const { t, i18n } = useTranslation("seats");
  const language = i18n.language;
  let message: string;
  if (refusal.problem === "category_not_allowed") {
    const categories = listOfNames(refusal.allowedCategories.map((category) => localized(category.name_en, category.name_zh, language)), language);
    message = t("problems.category_not_allowed", { categories });
  } else if (refusal.problem === "overlaps_seat") {
    message = t("problems.overlaps_seat", { session: localized(refusal.otherSession.title_en, refusal.otherSession.title_zh, language) });
  } else {
    message = t(`problems.${refusal.problem}`);
  }
  return (
    <p role="alert" className="seat-refusal">
      {message}
    </p>
  );
}
