/** Languages a name in its own script is marked with: the scripts the portal's delegations write in. */
export type ScriptLanguage = "zh-TW" | "ko" | "ja";

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const HAN = /\p{Script=Han}/u;

/**
 * The language to mark a name written in its own script with, from the characters it uses: any kana
 * makes it Japanese, any hangul Korean (Korean names may mix in hanja), otherwise Han characters
 * make it Chinese (zh-TW, the portal's Chinese). Latin, Cyrillic and other scripts give null: the
 * script alone does not tell the language. A Japanese name in kanji only reads as Chinese here.
 */
export function scriptLanguage(text: string | null | undefined): ScriptLanguage | null {
  if (!text) return null;
  if (KANA.test(text)) return "ja";
  if (HANGUL.test(text)) return "ko";
  if (HAN.test(text)) return "zh-TW";
  return null;
}
