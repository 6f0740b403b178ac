/** Norwegian enterprise certificates (Buypass, Commfides) carry the holder's organisation number in the subject. */
const NINE_DIGITS = /(?:^|\D)(\d{9})(?:\D|$)/;

/** The organisation number in a certificate subject: serialNumber, organizationIdentifier, or a CN starting with it. */
export function organizationNumberInSubject(subject: Record<string, string | string[] | undefined>): string | undefined {
  for (const key of ['serialNumber', 'organizationIdentifier', '2.5.4.97']) {
    const values = [subject[key]].flat().filter((v): v is string => typeof v === 'string');
    for (const value of values) {
      const match = NINE_DIGITS.exec(value);
      if (match) return match[1];
    }
  }
  const commonName = [subject.CN].flat()[0];
  return commonName && /^\d{9}/.test(commonName) ? commonName.slice(0, 9) : undefined;
}
