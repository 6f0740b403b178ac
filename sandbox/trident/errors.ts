import type { ServerResponse } from 'node:http';

/**
 * A failure answered as TrustedX does (B9): `{error, error_description, error_details}` where
 * `error` names the exception, with any RFC 6750 `WWW-Authenticate` header beside it.
 */
export class TridentError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
    readonly details: Record<string, unknown> = {},
  ) {
    super(description);
  }
}

/** The RFC 6749 shape of the token endpoint's errors: `{error, error_description}`. */
export class OAuthError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

export function sendTridentError(res: ServerResponse, error: TridentError): void {
  sendJson(res, error.httpStatus, { error: error.error, error_description: error.description, error_details: error.details }, error.headers);
}

export const notFound = (what: string): TridentError => new TridentError(404, 'NotFoundException', `${what} does not exist`);
export const badRequest = (error: string, description: string): TridentError => new TridentError(400, error, description);
