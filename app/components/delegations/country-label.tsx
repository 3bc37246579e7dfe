import { useTranslation } from "react-i18next";
import { countryName } from "~/utils/countries";

/** A delegation's country by name in the reader's language, with its code; or "International body". */
export function CountryLabel({ code }: { code: string | null }) {
  const { t, i18n } = useTranslation("delegations");
  if (code === null) return <>{t("internationalBody")}</>;
  return <>{t("countryWithCode", { name: countryName(code, i18n.language), code })}</>;
}

/** The sort key of a country in the reader's language; international bodies last. */
export function countrySortKey(code: string | null, language: string): string {
  return code === null ? "\uffff" : countryName(code, language);
}
