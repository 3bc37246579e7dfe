import type { bilaterals as english } from "../en/bilaterals";
import type { TranslationShape } from "../../shape";

export const bilaterals: TranslationShape<typeof english> = {
  title: "雙邊會談",
};
