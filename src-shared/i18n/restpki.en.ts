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
  'restpki.demoName': 'Demo Rest PKI Core (local sandbox)',
  'restpki.connectionTest.keyAccepted': 'Connected: Rest PKI Core accepted the API key.',
  // Compose: the way of signing a Rest PKI Core account offers.
  'direct.flow.restpki': 'Each signer signs with their own certificate in a browser, one after another',
  'direct.flowFact.restpki': 'Rest PKI: each signer with their own certificate, in order',
  // A signer's session in the service's words, where they say more than the common status.
  'signerStatus.restpki.Processing': 'Signed; Rest PKI Core is processing the documents',
  'signerStatus.restpki.UserCancelled': 'Cancelled on the signing page',
  'signerStatus.restpki.ProcessingError': 'Signed, but the documents could not be processed',
  // Accounts: a Rest PKI Core account's settings.
  'restpki.account.endpoint': 'Address',
  'restpki.account.securityContext': 'Security context',
  'restpki.account.defaultSecurityContext': 'the subscription’s default',
  'restpki.account.apiKey': 'API key',
  'restpki.account.apiKeyStored': 'kept in the secret store',
  // A signer of a Rest PKI Core job.
  'restpki.signer.cpf': 'CPF {cpf}',
  'restpki.signer.certificate': 'signed with the certificate of {name}',
  // The command line.
  'cli.label.service': 'Service',
  'cli.restpki.apiKeyEnvMissing': 'The environment variable {variable} named by --api-key-env is not set.',
  'cli.restpki.demoService': 'The demo has two services: --service posten (the default) or --service restpki, not “{value}”.',
  'cli.restpki.demoNoAutosign': 'The Rest PKI Core demo does not sign by itself: its signers choose a test certificate on its signing page.',
  'cli.restpki.demoSignsOnPage': 'Its signers sign on the demo’s signing page (`signing-desk jobs links ID`), with one of its test certificates.',
  'cli.restpki.queued': 'Queued; `signing-desk sync` makes the first signer’s session. Then `signing-desk jobs links ID` gives the link to sign at.',
  'cli.summary.accountsAddRestPki': 'add a Lacuna Rest PKI Core account with its API key',
  'cli.help.accountsAddRestPki': [
    '  --name N                   a name for the account',
    '  --endpoint URL             the instance: https://core.pki.rest (or saas), https://homolog.core.pki.rest',
    '                             (or homologation), or your own on-premises address; HTTPS only',
    '  --api-key-env VAR          the environment variable holding the API key (never on the command line);',
    '                             the key is kept in the secret store only',
    '  --security-context UUID    which PKI the sessions accept (default: the subscription’s)',
    '  --ca FILE.pem              CA certificates the instance’s certificate chains to (an on-premises or',
    '                             test instance); signers’ certificates are checked against them too',
    '  --save-folder DIR          where signed files are copied; created if missing, but only inside a folder that exists',
  ].join('\n'),
  'cli.summary.jobsCreateRestPki': 'create a Rest PKI Core job: each signer signs with their own certificate, in order',
  'cli.help.jobsCreateRestPki': [
    '  --account ID            the Rest PKI Core account',
    '  --title T               the job’s title (kept in this app)',
    '  --reference R           your own reference (also names the save folder)',
    '  --document FILE[=TITLE] a PDF to sign; repeat for more (at most 20)',
    '  --signer SPEC           repeat for each signer, in signing order (at most 10); SPEC is comma-separated',
    '                          key=value: name=NAME (kept in this app only), cpf=CPF (only a certificate with',
    '                          this CPF may sign). Without --signer: one signer, whoever opens the link',
    '  --background            the signer is sent back before the documents are processed',
    '  --disable-downloads     the signing page offers no download; the signed files come through this app',
    'Each signer gets a session of their own once the one before has signed, with the documents as',
    'they were signed, so the last PDF carries every signature. A link works for about 4 hours.',
    '',
    'Example:',
    '  signing-desk jobs create restpki --account ID --title "Contrato" --document contrato.pdf \\',
    '    --signer "name=Maria Silva,cpf=529.982.247-25" --signer name=João',
  ].join('\n'),
} as const;
