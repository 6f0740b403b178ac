/**
 * A signer's name is ours alone: Posten's portal protocol has no field for it, so it is kept in
 * the app and used where people read it (lists, the job page, notifications, file names).
 */
export const SIGNER_NAME_MAX_LENGTH = 100;

// Control characters, line/paragraph separators and the bidirectional overrides and isolates:
// they would break a one-line label, and an override can make a file name read backwards.
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export function signerNameHasControlCharacters(value: string): boolean {
  return FORBIDDEN.test(value);
}

/** How a signer is named for people: name, else e-mail, else mobile. Never a national identity number. */
export function signerLabelOf(signer: { name?: string | null; email?: string | null; mobile?: string | null }): string | undefined {
  for (const candidate of [signer.name, signer.email, signer.mobile]) {
    const text = candidate?.trim();
    if (text) return text;
  }
  return undefined;
}
