import i18next from "i18next";
import { expect, test } from "vitest";
import { i18nConfig } from "../../../app/i18n/config";

test("the sign-in wait reads naturally for one minute and for several, in both languages", async () => {
  const i18n = i18next.createInstance();
  await i18n.init({ ...i18nConfig, lng: "en" });
  expect(i18n.t("auth.rateLimited", { count: 1 })).toBe("Too many failed sign-in attempts. Try again in a minute.");
  expect(i18n.t("auth.rateLimited", { count: 15 })).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");
  await i18n.changeLanguage("zh-TW");
  expect(i18n.t("auth.rateLimited", { count: 15 })).toBe("登入失敗次數過多，請於 15 分鐘後再試。");
});
