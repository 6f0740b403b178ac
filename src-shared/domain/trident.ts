/**
 * TRIDENT (eSignSP) rules the UI, the command line and the core share. `labels` choose which of the
 * person's signing identities may sign: an OR of ANDs (reference B5), so `[["a","b"],["c"]]` means
 * "an identity with both a and b, or one with c". The command line writes that as `a+b,c`.
 */

/** The app's own limits on a TRIDENT job; the service documents none (reference B10). */
export const tridentLimits = {
  /** People who sign one after another, each in a signer process of their own. */
  signers: 10,
  /** Documents signed in one pass by each person (one process). */
  documents: 20,
  labelSets: 20,
  labelsPerSet: 20,
  labelLength: 100,
} as const;

export type LabelSets = string[][];

/** Characters the `a+b,c+d` notation uses, and control characters, cannot be in a label. */
const LABEL_FORBIDDEN = /[+,\p{Cc}\u2028\u2029]/u;

export function labelProblem(label: string): 'empty' | 'characters' | 'length' | null {
  if (label.trim() === '') return 'empty';
  if (LABEL_FORBIDDEN.test(label)) return 'characters';
  if (label.length > tridentLimits.labelLength) return 'length';
  return null;
}

/**
 * `a+b,c+d` → `[["a","b"],["c","d"]]`. Blanks around labels are dropped; an empty text is no sets
 * at all (no filter). Returns null when a set or a label is empty (`a+,c` or `a,,c`).
 */
export function parseLabelSets(text: string): LabelSets | null {
  if (text.trim() === '') return [];
  const sets = text.split(',').map((set) => set.split('+').map((label) => label.trim()));
  if (sets.some((set) => set.some((label) => label === ''))) return null;
  return sets;
}

/** `[["a","b"],["c"]]` → `a+b,c`. */
export function formatLabelSets(sets: readonly (readonly string[])[]): string {
  return sets.map((set) => set.join('+')).join(',');
}
