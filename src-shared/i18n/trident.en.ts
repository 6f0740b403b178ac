import type { FailureReason } from '../failure';

/** Safelayer TRIDENT (eSignSP): its failures, the account form, compose, the job page and the command line. */
/** A sentence for every TRIDENT failure reason. */
const tridentFailuresEn = {
  'failure.trident.invalidClient': 'TRIDENT did not accept the client ID and secret. Check them with the installation’s administrator.',
  'failure.trident.tokenRefused': 'TRIDENT’s authorization server refused to sign Signing Desk in. Check the authorization server’s name and the client’s rights.',
  'failure.trident.invalidToken': 'TRIDENT did not accept Signing Desk’s sign-in, even a fresh one.',
  'failure.trident.insufficientScope': 'The TRIDENT client may not create signing processes. Ask the installation’s administrator to allow it.',
  'failure.trident.notAuthorized': 'TRIDENT does not allow this client to do that.',
  'failure.trident.identityUnusable': 'The signing identity is disabled or locked at TRIDENT.',
  'failure.trident.invalidRequest': 'TRIDENT did not accept the request as it was sent.',
  'failure.trident.signaturePolicy': 'TRIDENT does not know or support the signature policy or its settings. Check the account’s signature policy.',
  'failure.trident.labels': 'TRIDENT did not accept the labels that choose the signing identities.',
  'failure.trident.notFound': 'TRIDENT does not know this process or document.',
  'failure.trident.invalidState': 'TRIDENT cannot do that in the process’s current state.',
  'failure.trident.gone': 'The process no longer exists at TRIDENT.',
  'failure.trident.unsupportedDocument': 'TRIDENT does not accept this kind of document.',
  'failure.trident.secretMissing': 'The client secret of this TRIDENT account is missing from the secret store. Remove the account and add it again.',
} as const satisfies Record<`failure.${Extract<FailureReason, `trident.${string}`>}`, string>;

export const tridentEn = {
  ...tridentFailuresEn,
  'direct.flow.trident': 'Signers sign one after another at TRIDENT, each by a link you give them',
  'trident.rule.noDeadline': 'no deadline',
} as const;
