import type { ConnectionTestResult } from '../../../src-shared/contract';
import { formatOrganizationNumber } from '../../../src-shared/domain';
import type { Translate } from '../../../src-shared/i18n';
import type { CoreContext } from '../context';
import { PostenClient, type PostenConnection } from '../providers/posten/client';
import { PostenError } from '../providers/posten/errors';
import { userTranslator } from '../words';

/**
 * The probe's answer (reference E13) in the administrator's words: "You are 123456789", or
 * "You are 111111111, operating on behalf of 123456789" for a broker.
 */
export function describeProbeAnswer(t: Translate, answer: string): string {
  const match = /^You are (\d{9})(?:, operating on behalf of (\d{9}))?/.exec(answer.trim());
  if (!match) return t('connectionTest.connectedOther', { answer: answer.trim().slice(0, 200) });
  const organization = formatOrganizationNumber(match[1]);
  return match[2] ? t('connectionTest.connectedOnBehalf', { organization, sender: formatOrganizationNumber(match[2]) }) : t('connectionTest.connected', { organization });
}

/** Why the probe failed, as a sentence; the technical message goes behind "Details". */
export function describeProbeFailure(t: Translate, error: unknown, connection: Pick<PostenConnection, 'apiRoot' | 'organizationNumber'>): ConnectionTestResult {
  const detail = error instanceof Error ? error.message : String(error);
  const fail = (message: string): ConnectionTestResult => ({ ok: false, message, detail });
  if (!(error instanceof PostenError)) return fail(t('connectionTest.unreachable', { host: hostOf(connection.apiRoot) }));
  switch (error.kind) {
    case 'trust':
      return fail(t('connectionTest.untrusted'));
    case 'network':
      // A server that does not accept the client certificate ends the TLS handshake with an alert or,
      // in TLS 1.3, just closes the connection right after it (a production certificate against test).
      return fail(/\balert\b|handshake|other side closed/i.test(detail) ? t('connectionTest.certificateRefused') : t('connectionTest.unreachable', { host: hostOf(connection.apiRoot) }));
    case 'rejected':
      return fail(error.details.status === 403 ? t('connectionTest.notAuthorized', { organization: formatOrganizationNumber(connection.organizationNumber) }) : t('connectionTest.refused'));
    case 'server':
      return fail(t('connectionTest.serviceDown'));
    case 'rateLimited':
      return fail(t('connectionTest.slowDown'));
    case 'unexpected':
    // A probe answer over the size cap, or a link the service should not have sent: not the service's answer.
    case 'tooLarge':
    case 'refusedLink':
      return fail(t('connectionTest.unreadable'));
  }
}

function hostOf(apiRoot: string): string {
  try {
    return new URL(apiRoot).host;
  } catch {
    return apiRoot;
  }
}

/** Runs a probe and words its outcome; a failure is a result, not an error. */
export async function probeInWords(context: CoreContext, connection: Pick<PostenConnection, 'apiRoot' | 'organizationNumber'>, probe: () => Promise<string>): Promise<ConnectionTestResult> {
  const t = userTranslator(context);
  try {
    return { ok: true, message: describeProbeAnswer(t, await probe()) };
  } catch (error) {
    return describeProbeFailure(t, error, connection);
  }
}

/** One probe over a connection of its own, closed afterwards: for settings that are not stored (yet). */
export async function probeConnection(context: CoreContext, connection: PostenConnection): Promise<ConnectionTestResult> {
  const client = new PostenClient(connection, { now: () => context.now() });
  try {
    return await probeInWords(context, connection, () => client.probe());
  } finally {
    await client.close();
  }
}
