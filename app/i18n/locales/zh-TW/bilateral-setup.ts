import type { bilateralSetup as english } from "../en/bilateral-setup";
import type { TranslationShape } from "../../shape";

export const bilateralSetup: TranslationShape<typeof english> = {
  title: " windows and places:雙邊會談：時段與場地",
};
