/**
 * The one Content-Security-Policy of the renderer, whichever way it is served: the Electron
 * app:// protocol and the web host send it as a header, and the build writes it into index.html's
 * <meta> (vite.config.ts), so the page carries it even where a header could be lost.
 * test/unit/content-security-policy.test.ts checks that all three are this string.
 *
 * Nothing but the app's own files: no inline script or style, no eval, no frames, no plugins, no
 * forms. `connect-src 'self'` is the web host's WebSocket (same host and port); in Electron the
 * renderer reaches main only through the preload and needs no network at all.
 * `frame-ancestors` is left out on purpose: a <meta> policy may not carry it (Chromium ignores it
 * there and logs an error), so both hosts send `X-Frame-Options: DENY` beside the header instead.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Where index.html's <meta http-equiv="Content-Security-Policy"> takes the policy at build time. */
export const CONTENT_SECURITY_POLICY_PLACEHOLDER = '__CONTENT_SECURITY_POLICY__';

/**
 * index.html with the policy written into its <meta> (the build's transform, vite.config.ts).
 * The page must hold the placeholder exactly once: a hand-written policy there would drift.
 */
export function withContentSecurityPolicy(html: string): string {
  const found = html.split(CONTENT_SECURITY_POLICY_PLACEHOLDER).length - 1;
  if (found !== 1) throw new Error(`index.html must contain ${CONTENT_SECURITY_POLICY_PLACEHOLDER} exactly once (found ${found}).`);
  // A double quote, & or < would end or change the attribute it is written into.
  if (/["&<>]/.test(CONTENT_SECURITY_POLICY)) throw new Error('The policy cannot go into an HTML attribute as it is.');
  return html.replace(CONTENT_SECURITY_POLICY_PLACEHOLDER, CONTENT_SECURITY_POLICY);
}
