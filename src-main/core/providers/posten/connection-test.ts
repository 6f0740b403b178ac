import type { ConnectionTestResult } from '../../../../src-shared/contract';
import type { CoreContext } from '../../context';
import { describeFailure } from '../../failure';
import { PostenClient, type PostenConnection } from './client';
import { PostenError } from './errors';

/**
 * The probe's answer (reference E13) as data the words are made of: "You are 123456789", or
 * "You are 111111111, operating on behalf of 123456789" for a broker. Another answer is kept as it came.
 */
export function readProbeAnswer(answer: string): Pick<ConnectionTestResult, 'organization' | 'onBehalfOf'> {
  const match = /^You are (\d{9})(?:, operating on behalf of (\d{9}))?/.exec(answer.trim());
  if (!match) return {};
  return match[2] ? { organization: match[1], onBehalfOf: match[2] } : { organization: match[1] };
}

/**
 * Why the probe failed, as the reason the UI and the CLI word (connectionTestText); the technical
 * message is the result's `message`, for "Details".
 */
export function describeProbeFailure(error: unknown): ConnectionTestResult {
  if (!(error instanceof PostenError)) {
    const failure = describeFailure(error);
    return { ok: false, message: failure.detail ?? String(error), reason: failure.reason ?? 'network.failed', params: failure.params };
  }
  // A server that does not accept the client certificate ends the TLS handshake with an alert or,
  // in TLS 1.3, just closes the connection right after it (a production certificate against test).
  const refusedCertificate = error.kind === 'network' && /\balert\b|handshake|other side closed/i.test(error.detail);
  return { ok: false, message: error.detail, reason: refusedCertificate ? 'tls.clientCertificateRejected' : error.reason };
}

/** Runs a probe and describes its outcome; a failure is a result, not an error. */
export async function probeAndDescribe(probe: () => Promise<string>): Promise<ConnectionTestResult> {
  try {
    const answer = await probe();
    return { ok: true, message: answer, ...readProbeAnswer(answer) };
  } catch (error) {
    return describeProbeFailure(error);
  }
}

/** One probe over a connection of its own, closed afterwards: for settings that are not stored (yet). */
export async function probeConnection(context: CoreContext, connection: PostenConnection): Promise<ConnectionTestResult> {
  const client = new PostenClient(connection, { now: () => context.now() });
  try {
    return await probeAndDescribe(() => client.probe());
  } finally {
    await client.close();
  }
}
