/**
 * Hosts whose https links the app may hand to the system browser. Everything else is dropped:
 * a compromised renderer must not be able to launch arbitrary URLs (file:, smb:, custom schemes).
 */
export const EXTERNAL_HOST_ALLOWLIST: readonly string[] = [
  'signering.posten.no',
  'www.signering.posten.no',
  'www.posten.no',
  'signering-docs.readme.io',
  'www.digdir.no',
  'github.com',
];

/**
 * Returns the re-serialised URL when it may be opened externally, otherwise undefined. Only https,
 * no credentials, default port, and a host that is exactly in the allowlist (no suffix matching,
 * so `github.com.evil.example` does not pass).
 */
export function allowedExternalUrl(candidate: string, allowlist: readonly string[] = EXTERNAL_HOST_ALLOWLIST): string | undefined {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  if (url.port !== '') return undefined;
  const host = url.hostname.toLowerCase();
  if (!allowlist.some((allowed) => allowed.toLowerCase() === host)) return undefined;
  return url.href;
}

export function isAllowedExternalUrl(candidate: string, allowlist: readonly string[] = EXTERNAL_HOST_ALLOWLIST): boolean {
  return allowedExternalUrl(candidate, allowlist) !== undefined;
}
