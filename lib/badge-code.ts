import { randomInt } from "node:crypto";

/*
 * Badge codes: 12 characters of Crockford's base32 (60 random bits), printed in the badge's QR code
 * and in three groups of four under it, so that door staff can type one when a camera cannot read
 * it. Crockford's alphabet leaves out I, L, O and U; what people type instead is read as meant.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 12;

export function generateBadgeCode(): string {
  let code = "";
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** `ABCD-EFGH-JKMN`, as printed. */
export function formatBadgeCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

/** The stored form of what someone typed or a scanner read, or null when it cannot be a badge code. */
export function normalizeBadgeCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (code.length !== LENGTH) return null;
  for (const character of code) if (!ALPHABET.includes(character)) return null;
  return code;
}
