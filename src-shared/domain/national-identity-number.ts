/**
 * Norwegian national identity numbers (fødselsnummer), including D-numbers (day + 40),
 * H-numbers (month + 40) and the synthetic test numbers of Tenor/NAV (month + 80 / + 40), all of
 * which carry the same two mod-11 check digits. Posten's schema only checks `[0-9]{11}`; we check
 * the digits so a typo is caught before a job is sent to the wrong person or refused.
 */
const FIRST_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const SECOND_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: number[], weights: number[]): number | undefined {
  const sum = weights.reduce((total, weight, index) => total + weight * digits[index], 0);
  const remainder = 11 - (sum % 11);
  if (remainder === 11) return 0;
  return remainder === 10 ? undefined : remainder;
}

/** The number as the service takes it: the 11 digits without the spaces people type between them. */
export function compactNationalIdentityNumber(value: string): string {
  return value.replace(/\s/g, '');
}

export type NationalIdentityNumberProblem = 'length' | 'digits' | 'checksum' | 'date';

export function nationalIdentityNumberProblem(value: string): NationalIdentityNumberProblem | undefined {
  const compact = compactNationalIdentityNumber(value);
  if (!/^\d*$/.test(compact)) return 'digits';
  if (compact.length !== 11) return 'length';
  const digits = [...compact].map(Number);
  if (checkDigit(digits, FIRST_WEIGHTS) !== digits[9] || checkDigit(digits, SECOND_WEIGHTS) !== digits[10]) return 'checksum';
  let day = digits[0] * 10 + digits[1];
  let month = digits[2] * 10 + digits[3];
  if (day > 40) day -= 40;
  if (month > 80) month -= 80;
  else if (month > 40) month -= 40;
  if (day < 1 || day > 31 || month < 1 || month > 12) return 'date';
  return undefined;
}

export const isValidNationalIdentityNumber = (value: string): boolean => nationalIdentityNumberProblem(value) === undefined;

/**
 * Shows only the birth date part, so a number on screen or in a log identifies no one. `plain`
 * is for terminals and scripts: asterisks (any code page has them) and no space (`010101*****`).
 */
export function maskNationalIdentityNumber(value: string, options: { plain?: boolean } = {}): string {
  const compact = value.replace(/\s/g, '');
  const hidden = options.plain ? '*' : '•';
  return compact.length === 11 ? `${compact.slice(0, 6)}${options.plain ? '' : ' '}${hidden.repeat(5)}` : hidden.repeat(compact.length);
}
