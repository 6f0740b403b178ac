import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxClock } from '../core/clock';
import { readBody } from '../http/respond';
import { OAuthError, TridentError, sendJson } from './errors';
import { SIGNING_SCOPE } from './model';
import type { TridentStore } from './store';

export interface ClientRegistration {
  authServer: string;
  clientId: string;
  clientSecret: string;
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

function sameText(a: string, b: string): boolean {
  const [x, y] = [createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest()];
  return timingSafeEqual(x, y) && a === b;
}

/**
 * application/x-www-form-urlencoded decoding of one value ('+' is a space, %XX are UTF-8 bytes).
 * Throws on a broken escape, which the endpoint answers as bad credentials.
 */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

/**
 * The Client Credentials Grant of `POST /trustedx-authserver/oauth/{as}/token` (B2): HTTP Basic only,
 * with the id and the secret each form-encoded (UTF-8) before base64, as OAuth 2.0 says and RFC 2617
 * does not; a client that sends them raw fails as soon as the secret holds a character that needs it.
 */
export class TokenEndpoint {
  constructor(
    private readonly store: TridentStore,
    private readonly clock: SandboxClock,
    private readonly client: ClientRegistration,
    private readonly lifetimeSeconds: () => number,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, authServer: string): Promise<void> {
    try {
      if (authServer !== this.client.authServer) {
        throw new OAuthError(404, 'invalid_request', `There is no authorization server "${authServer.slice(0, 100)}" here`);
      }
      if (req.method !== 'POST') throw new OAuthError(405, 'invalid_request', 'The token endpoint takes POST only', { Allow: 'POST' });
      this.authenticate(req.headers.authorization);
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') {
        throw new OAuthError(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded');
      }
      const form = new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
      const grantType = form.get('grant_type');
      if (!grantType) throw new OAuthError(400, 'invalid_request', 'grant_type is missing');
      if (grantType !== 'client_credentials') throw new OAuthError(400, 'unsupported_grant_type', `grant_type ${grantType.slice(0, 100)} is not supported here`);
      // Absent: the server's default scopes for this grant, which here is the signing scope.
      const scopes = (form.get('scope') ?? SIGNING_SCOPE).split(' ').filter(Boolean);
      const unknown = scopes.filter((scope) => scope !== SIGNING_SCOPE);
      if (scopes.length === 0 || unknown.length > 0) {
        throw new OAuthError(400, 'invalid_scope', `Not offered for client credentials: ${(unknown.join(' ') || '(none)').slice(0, 200)}`);
      }
      const token = randomBytes(32).toString('hex');
      const lifetime = this.lifetimeSeconds();
      this.store.addToken(hashOf(token), this.clock.nowMs() + lifetime * 1000, SIGNING_SCOPE);
      sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: lifetime }, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    } catch (error) {
      if (error instanceof OAuthError) sendJson(res, error.httpStatus, { error: error.error, error_description: error.description }, { 'Cache-Control': 'no-store', ...error.headers });
      else if (error instanceof TridentError) sendJson(res, error.httpStatus, { error: 'invalid_request', error_description: error.description });
      else throw error;
    }
  }

  private authenticate(header: string | undefined): void {
    const challenge = { 'WWW-Authenticate': `Basic realm="${this.client.authServer}"` };
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
    if (!match) throw new OAuthError(401, 'invalid_client', 'unsupportedAuthenticationScheme', challenge);
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    let id: string;
    let secret: string;
    try {
      if (colon < 0) throw new Error('no colon');
      id = formDecode(decoded.slice(0, colon));
      secret = formDecode(decoded.slice(colon + 1));
    } catch {
      throw new OAuthError(401, 'invalid_client', 'invalidCredentials', challenge);
    }
    if (!sameText(id, this.client.clientId) || !sameText(secret, this.client.clientSecret)) {
      throw new OAuthError(401, 'invalid_client', 'invalidCredentials', challenge);
    }
  }
}

/**
 * RFC 6750 on the resources (B9): no usable Authorization header is a bare 401 challenge (no error
 * code), a malformed one 400 invalid_request, an unknown or expired token 401 invalid_token.
 */
export function requireBearer(req: IncomingMessage, store: TridentStore, clock: SandboxClock): void {
  const realm = 'realm="trustedx-resources"';
  const raw = req.headersDistinct?.authorization ?? (req.headers.authorization ? [req.headers.authorization] : []);
  if (raw.length > 1) {
    throw new TridentError(400, 'invalid_request', 'More than one Authorization header', { 'WWW-Authenticate': `Bearer ${realm}, error="invalid_request"` });
  }
  const header = raw[0];
  if (!header || !/^Bearer(\s|$)/i.test(header)) {
    throw new TridentError(401, 'UnauthorizedException', 'The request has no Bearer access token', { 'WWW-Authenticate': `Bearer ${realm}` });
  }
  const token = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header)?.[1];
  if (!token) {
    throw new TridentError(400, 'invalid_request', 'The Authorization header is malformed', { 'WWW-Authenticate': `Bearer ${realm}, error="invalid_request"` });
  }
  const known = store.getToken(hashOf(token));
  if (!known || known.expiresAt <= clock.nowMs()) {
    const why = known ? 'The access token has expired' : 'The access token is not valid';
    throw new TridentError(401, 'invalid_token', why, { 'WWW-Authenticate': `Bearer ${realm}, error="invalid_token", error_description="${why}"` });
  }
  if (!known.scope.split(' ').includes(SIGNING_SCOPE)) {
    throw new TridentError(403, 'insufficient_scope', 'The token lacks the signing scope', { 'WWW-Authenticate': `Bearer ${realm}, error="insufficient_scope", scope="${SIGNING_SCOPE}"` });
  }
}
