import type { meetings as english } from "../en/meetings";
import type { TranslationShape } from "../../shape";

export const meetings: TranslationShape<typeof english> = {
  title: "雙邊會談",
};
