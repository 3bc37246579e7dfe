import { accounts as enAccounts } from "./locales/en/accounts";
import { delegations as enDelegations } from "./locales/en/delegations";
import { registration as enRegistration } from "./locales/en/registration";
import { seats as enSeats } from "./locales/en/seats";
import { checkin as enCheckin } from "./locales/en/checkin";
import { accounts as zhAccounts } from "./locales/zh-TW/accounts";
import { delegations as zhDelegations } from "./locales/zh-TW/delegations";
import { registration as zhRegistration } from "./locales/zh-TW/registration";
import { seats as zhSeats } from "./locales/zh-TW/seats";
import { checkin as zhCheckin } from "./locales/zh-TW/checkin";
import { bilateralSetup as enBilateralSetup } from "./locales/en/bilateral-setup";
import { bilateralSetup as zhBilateralSetup } from "./locales/zh-TW/bilateral-setup";
import { bilaterals as enBilaterals } from "./locales/en/bilaterals";
import { bilaterals as zhBilaterals } from "./locales/zh-TW/bilaterals";
import { meetings as enMeetings } from "./locales/en/meetings";
import { meetings as zhMeetings } from "./locales/zh-TW/meetings";
import { bilateralPlan as enBilateralPlan } from "./locales/en/bilateral-plan";
import { bilateralPlan as zhBilateralPlan } from "./locales/zh-TW/bilateral-plan";
import { calendar as enCalendar } from "./locales/en/calendar";
import { calendar as zhCalendar } from "./locales/zh-TW/calendar";
import { feeds as enFeeds } from "./locales/en/feeds";
import { feeds as zhFeeds } from "./locales/zh-TW/feeds";
import { agenda as enAgenda } from "./locales/en/agenda";
import { common as enCommon } from "./locales/en/common";
import { directory as enDirectory } from "./locales/en/directory";
import { manage as enManage } from "./locales/en/manage";
import { agenda as zhAgenda } from "./locales/zh-TW/agenda";
import { common as zhCommon } from "./locales/zh-TW/common";
import { directory as zhDirectory } from "./locales/zh-TW/directory";
import { manage as zhManage } from "./locales/zh-TW/manage";

export const supportedLanguages = ["en", "zh-TW"] as const;
export type Language = (typeof supportedLanguages)[number];
export const fallbackLanguage: Language = "en";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}

/**
 * One namespace per feature area (`translation` is the shared shell). The locales are small, so
 * they ship in the bundle instead of being fetched.
 */
export const i18nConfig = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS: "translation",
  ns: [
    "translation",
    "agenda",
    "directory",
    "manage",
    "accounts",
    "delegations",
    "registration",
    "seats",
    "checkin",
    "bilateralSetup",
    "bilaterals",
    "meetings",
    "bilateralPlan",
    "calendar",
    "feeds",
  ],
  resources: {
    en: {
      translation: enCommon,
      agenda: enAgenda,
      directory: enDirectory,
      manage: enManage,
      accounts: enAccounts,
      delegations: enDelegations,
      registration: enRegistration,
      seats: enSeats,
      checkin: enCheckin,
      bilateralSetup: enBilateralSetup,
      bilaterals: enBilaterals,
      meetings: enMeetings,
      bilateralPlan: enBilateralPlan,
      calendar: enCalendar,
      feeds: enFeeds,
    },
    "zh-TW": {
      translation: zhCommon,
      agenda: zhAgenda,
      directory: zhDirectory,
      manage: zhManage,
      accounts: zhAccounts,
      delegations: zhDelegations,
      registration: zhRegistration,
      seats: zhSeats,
      checkin: zhCheckin,
      bilateralSetup: zhBilateralSetup,
      bilaterals: zhBilaterals,
      meetings: zhMeetings,
      bilateralPlan: zhBilateralPlan,
      calendar: zhCalendar,
      feeds: zhFeeds,
    },
  },
  interpolation: { escapeValue: false },
};
