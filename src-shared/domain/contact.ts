import { hasLineControlCharacters } from './text';

/**
 * Pragmatic e-mail check: one @, a dot in the domain, no spaces, no control characters (a NUL
 * cannot travel in the service's XML and would make it refuse the whole job). The service has the last word.
 */
export function isValidEmail(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && !hasLineControlCharacters(value);
}

/**
 * The mobile number as it goes to the service: what the administrator typed, without spaces.
 * Nothing else is rewritten: the official clients send the sender's number untouched, the service
 * echoes it back in status changes, and signers are matched by that exact text (reference §3.5).
 * Whether the service accepts a number we rewrote (say 98765432 as +4798765432) is not known.
 */
export function compactMobileNumber(value: string): string {
  return value.replace(/\s/g, '');
}

/**
 * A Norwegian mobile number (8 digits starting with 4 or 9, optionally written +47…) or a foreign
 * one with its `+` country code (E.164: at most 15 digits). Spaces are allowed and dropped.
 */
export function isValidMobileNumber(value: string): boolean {
  const compact = compactMobileNumber(value);
  if (/^[49]\d{7}$/.test(compact) || /^\+47[49]\d{7}$/.test(compact)) return true;
  return /^\+(?!47)[1-9]\d{6,14}$/.test(compact);
}

export const isValidOrganizationNumber = (value: string): boolean => {
  if (!/^\d{9}$/.test(value)) return false;
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  const remainder = 11 - (sum % 11);
  const control = remainder === 11 ? 0 : remainder;
  return control !== 10 && control === Number(value[8]);
};
