import { X509Certificate } from 'node:crypto';

/** The certificates in a PEM file; a block that is no certificate (garbage between the markers) is left out. */
export function certificatesInPem(text: string): string[] {
  return (text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).filter((pem) => {
    try {
      return Boolean(new X509Certificate(pem));
    } catch {
      return false;
    }
  });
}
