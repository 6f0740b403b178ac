import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy';

export { CONTENT_SECURITY_POLICY };

/** Headers added to every file the app:// protocol serves; the policy is the one the web host sends too. */
export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    // frame-ancestors 'none', which the shared policy cannot carry (see content-security-policy.ts).
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}
