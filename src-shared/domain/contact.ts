/** Pragmatic e-mail check: one @, a dot in the domain, no spaces. The service has the last word. */
export function isValidEmail(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** Norwegian mobile numbers (8 digits starting 4 or 9, optional +47/0047) or international E.164. */
export function normalizeMobileNumber(value: string): string | undefined {
  const compact = value.replace(/[\s-]/g, '').replace(/^00/, '+');
  if (/^[49]\d{7}$/.test(compact)) return `+47${compact}`;
  if (/^\+47[49]\d{7}$/.test(compact)) return compact;
  if (/^\+(?!47)[1-9]\d{6,14}$/.test(compact)) return compact;
  return undefined;
}

export const isValidOrganizationNumber = (value: string): boolean => {
  if (!/^\d{9}$/.test(value)) return false;
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(value[i]), 0);
  const remainder = 11 - (sum % 11);
  const control = remainder === 11 ? 0 : remainder;
  return control !== 10 && control === Number(value[8]);
};
