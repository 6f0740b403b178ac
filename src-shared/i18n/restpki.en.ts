import type { RestPkiFailureReason } from '../failure';

/** Failure sentences for Rest PKI Core's own codes and answers (reference A10). */
const restPkiFailuresEn = {
  'failure.restpki.apiKeyRejected': 'Rest PKI Core did not accept the account’s API key. It may be mistyped, expired or revoked: give the key again in the account.',
  'failure.restpki.notPermitted': 'The API key’s application may not do this at Rest PKI Core. It needs at least the Operator role.',
  'failure.restpki.documentNotFound': 'Rest PKI Core no longer has this document.',
  'failure.restpki.securityContextNotFound': 'Rest PKI Core does not know the account’s security context. Check it in the account settings.',
  'failure.restpki.sessionNotFound': 'Rest PKI Core does not know this signature session.',
  'failure.restpki.badSessionOperation': 'Rest PKI Core cannot do that with the signature session as it is now.',
  'failure.restpki.backgroundProcessing': 'Rest PKI Core is still processing the signed documents.',
  'failure.restpki.sessionTokenRequired': 'The signing page was opened without its access token.',
  'failure.restpki.badSessionToken': 'The signing link is not valid.',
  'failure.restpki.expiredSessionToken': 'The signing link has expired. Each link works for about 4 hours.',
  'failure.restpki.pdfaNotAvailable': 'Converting to PDF/A is not set up at this Rest PKI Core instance.',
  'failure.restpki.processingError': 'Rest PKI Core could not finish processing the signed documents, for example because the signer’s certificate was revoked meanwhile.',
  'failure.restpki.signedFileExpired': 'The signed file was kept at Rest PKI Core only until {time}, and it was not downloaded in time.',
  'failure.restpki.settingNotForService': 'This kind of account has no such setting: a Posten account signs in with its enterprise certificate, a Rest PKI Core account with its API key.',
} as const satisfies Record<`failure.${RestPkiFailureReason}`, string>;

/** English texts of Rest PKI Core accounts and jobs: compose, the job page, accounts and the command line. */
export const restPkiEn = {
  ...restPkiFailuresEn,
  'restpki.connectionTest.keyAccepted': 'Connected: Rest PKI Core accepted the API key.',
  // Compose: the way of signing a Rest PKI Core account offers.
  'direct.flow.restpki': 'Each signer signs with their own certificate in a browser, one after another',
  'direct.flowFact.restpki': 'Rest PKI: each signer with their own certificate, in order',
  // A signer's session in the service's words, where they say more than the common status.
  'signerStatus.restpki.Processing': 'Signed; Rest PKI Core is processing the documents',
  'signerStatus.restpki.UserCancelled': 'Cancelled on the signing page',
  'signerStatus.restpki.ProcessingError': 'Signed, but the documents could not be processed',
} as const;
