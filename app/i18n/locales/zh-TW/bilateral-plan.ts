import type { bilateralPlan as english } from "../en/bilateral-plan";
import type { TranslationShape } from "../../shape";

export const bilateralPlan: TranslationShape<typeof english> = {
  title: "雙邊會談排程",
};
