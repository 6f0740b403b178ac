/**
 * Why something failed, as a stable machine-readable reason. Errors cross the contract as
 * `{code, message}`; the reason (with its parameters) is what the renderer and the CLI turn into a
 * sentence in the user's language, and the raw message travels along as technical `detail` that
 * is shown only behind a "Details" disclosure. Reasons are never built from or into raw messages.
 */
/**
 * Rest PKI Core's own error codes (reference A10) and answers, each with a sentence in the Rest PKI
 * catalogue (i18n/restpki.*.ts) rather than the general one.
 */
export const restPkiFailureReasons = [
  'restpki.apiKeyRejected',
  'restpki.notPermitted',
  'restpki.documentNotFound',
  'restpki.securityContextNotFound',
  'restpki.sessionNotFound',
  'restpki.badSessionOperation',
  'restpki.backgroundProcessing',
  'restpki.sessionTokenRequired',
  'restpki.badSessionToken',
  'restpki.expiredSessionToken',
  'restpki.pdfaNotAvailable',
  'restpki.processingError',
  'restpki.signedFileExpired',
  'restpki.settingNotForService',
] as const;
export type RestPkiFailureReason = (typeof restPkiFailureReasons)[number];

export const failureReasons = [
  // The network, below any service.
  'network.hostNotFound',
  'network.refused',
  'network.reset',
  'network.timeout',
  'network.unreachable',
  'network.failed',
  // TLS: whether we trust the service, and whether it accepts our certificate.
  'tls.serverUntrusted',
  'tls.serverCertificateExpired',
  'tls.wrongServer',
  'tls.clientCertificateRejected',
  'tls.failed',
  // The local file system.
  'file.notFound',
  'file.accessDenied',
  'file.diskFull',
  'file.exists',
  'file.readOnly',
  'file.busy',
  'file.tooManyOpen',
  'file.isFolder',
  'file.notFolder',
  'file.nameTooLong',
  'file.ioError',
  'file.failed',
  // What the signing service answered.
  'service.brokerNotAuthorized',
  'service.notAuthorized',
  'service.invalidStatusToken',
  'service.ceremonyNotCompleted',
  'service.invalidRequest',
  'service.featureNotAvailable',
  'service.internalError',
  'service.rateLimited',
  'service.pollTooEarly',
  'service.unexpectedAnswer',
  'service.rejected',
  'service.jobNotFound',
  'service.documentsDeleted',
  'service.documentsNotDeletable',
  'service.documentTooLarge',
  'service.unsupportedDocument',
  'service.invalidDocument',
  'service.invalidDocumentCount',
  'service.deadlineTooLong',
  'service.notificationsNotAllowed',
  'service.identifierNeedsPin',
  'service.duplicateSigner',
  'service.invalidBundle',
  'service.invalidSender',
  'service.cancelConflict',
  // TRIDENT (eSignSP): its OAuth server and its error names (reference B2, B9).
  'trident.invalidClient',
  'trident.tokenRefused',
  'trident.invalidToken',
  'trident.insufficientScope',
  'trident.notAuthorized',
  'trident.identityUnusable',
  'trident.invalidRequest',
  'trident.signaturePolicy',
  'trident.labels',
  'trident.notFound',
  'trident.invalidState',
  'trident.gone',
  'trident.unsupportedDocument',
  'trident.secretMissing',
  // The app's own rules.
  'job.notFound',
  'job.outcomeUnknown',
  'job.notCancellable',
  'job.alreadyFinished',
  'job.alreadySent',
  'job.accountRemoved',
  'job.archived',
  'job.draftNotArchivable',
  'job.notArchivable',
  'job.documentsDeletableFrom',
  'job.documentsNotCompleted',
  'job.documentsNotOffered',
  'job.documentsAlreadyDeleted',
  'job.documentsNotDeleted',
  'job.documentsNotDeletedUnreachable',
  'job.noSignedFile',
  'job.nothingToFile',
  'job.duplicateRiskNotAccepted',
  'job.flowNotAvailable',
  'job.wrongAccountForFlow',
  'job.noSigningLink',
  'job.signerCannotSign',
  'draft.notFound',
  'account.notFound',
  'account.removed',
  'account.certificateWithoutOrganization',
  'account.certificateOfOtherOrganization',
  'account.unfinishedJobs',
  'account.jobsAwaitingFiles',
  'account.unfinishedJobsAndFiles',
  'account.removedBeforeDownload',
  'account.removedSecretKept',
  'document.unknown',
  'document.gone',
  'document.unusable',
  'document.notRegularFile',
  'document.tooLarge',
  'certificate.wrongPassphrase',
  'certificate.unreadable',
  'certificate.noPrivateKey',
  'certificate.noCertificate',
  'certificate.unsupportedKey',
  'certificate.tooManyIterations',
  'certificate.noDigitalSignature',
  'certificate.noClientAuth',
  'certificate.expired',
  'certificate.notYetValid',
  'certificate.caFileEmpty',
  'certificate.missingFromStore',
  'save.folderMissing',
  'save.notAFolder',
  'save.folderNotAbsolute',
  'save.chooseInDialog',
  'save.folderParentMissing',
  'save.folderNeedsCreating',
  'save.folderCannotCreate',
  'save.folderNotWritable',
  'save.sourceMissing',
  'save.tooManyNames',
  'database.unreadable',
  'database.newerVersion',
  'sync.otherProcess',
  'sync.unmatchedNotFound',
  // A signed file the app would not file.
  'download.notVerified',
  'download.linkRefused',
  'download.tooLarge',
  'download.unknown',
  'download.moved',
  ...restPkiFailureReasons,
] as const;

export type FailureReason = (typeof failureReasons)[number];

export type FailureParams = Readonly<Record<string, string | number>>;

/** A failure in words-to-be: the reason, what fills its sentence, and the raw text for "Details". */
export interface Failure {
  reason?: FailureReason;
  params?: FailureParams;
  detail?: string;
}

const reasonSet: ReadonlySet<string> = new Set(failureReasons);

/**
 * A download the sync engine refused is also a problem of its job (`sync-problem`, contract
 * SyncProblemReason); both are worded by the one sentence of the failure reason.
 */
export const refusedDownloadReasons = {
  'download-not-verified': 'download.notVerified',
  'download-link-refused': 'download.linkRefused',
  'download-too-large': 'download.tooLarge',
} as const satisfies Record<string, FailureReason>;

export function isFailureReason(value: unknown): value is FailureReason {
  return typeof value === 'string' && reasonSet.has(value);
}

/**
 * Node's and undici's error codes for local failures (network, TLS, file system), each mapped
 * to the reason a person can act on. Listed here once so both the classification and the test
 * that every kind has a sentence see the same table.
 */
export const systemErrorReasons: Readonly<Record<string, FailureReason>> = {
  ENOTFOUND: 'network.hostNotFound',
  EAI_AGAIN: 'network.hostNotFound',
  EAI_NONAME: 'network.hostNotFound',
  ECONNREFUSED: 'network.refused',
  ECONNRESET: 'network.reset',
  ECONNABORTED: 'network.reset',
  EPIPE: 'network.reset',
  UND_ERR_SOCKET: 'network.reset',
  UND_ERR_CLOSED: 'network.reset',
  ETIMEDOUT: 'network.timeout',
  ESOCKETTIMEDOUT: 'network.timeout',
  UND_ERR_CONNECT_TIMEOUT: 'network.timeout',
  UND_ERR_HEADERS_TIMEOUT: 'network.timeout',
  UND_ERR_BODY_TIMEOUT: 'network.timeout',
  ENETUNREACH: 'network.unreachable',
  EHOSTUNREACH: 'network.unreachable',
  ENETDOWN: 'network.unreachable',
  EHOSTDOWN: 'network.unreachable',
  CERT_HAS_EXPIRED: 'tls.serverCertificateExpired',
  CERT_NOT_YET_VALID: 'tls.serverUntrusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls.serverUntrusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls.serverUntrusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls.serverUntrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'tls.serverUntrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls.serverUntrusted',
  CERT_UNTRUSTED: 'tls.serverUntrusted',
  CERT_SIGNATURE_FAILURE: 'tls.serverUntrusted',
  CERT_REVOKED: 'tls.serverUntrusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls.wrongServer',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'tls.clientCertificateRejected',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'tls.clientCertificateRejected',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'tls.clientCertificateRejected',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 'tls.clientCertificateRejected',
  ERR_SSL_TLSV1_ALERT_ACCESS_DENIED: 'tls.clientCertificateRejected',
  ERR_SSL_WRONG_VERSION_NUMBER: 'tls.failed',
  ENOENT: 'file.notFound',
  EACCES: 'file.accessDenied',
  EPERM: 'file.accessDenied',
  ENOSPC: 'file.diskFull',
  EDQUOT: 'file.diskFull',
  EEXIST: 'file.exists',
  ENOTEMPTY: 'file.exists',
  EROFS: 'file.readOnly',
  EBUSY: 'file.busy',
  ETXTBSY: 'file.busy',
  EMFILE: 'file.tooManyOpen',
  ENFILE: 'file.tooManyOpen',
  EISDIR: 'file.isFolder',
  ENOTDIR: 'file.notFolder',
  ENAMETOOLONG: 'file.nameTooLong',
  EIO: 'file.ioError',
  EXDEV: 'file.failed',
};

/** The reason for a Node/undici/OpenSSL error code, or undefined for a code we do not know. */
export function systemFailureReason(code: string | undefined | null): FailureReason | undefined {
  if (!code) return undefined;
  const known = systemErrorReasons[code];
  if (known) return known;
  if (/^ERR_SSL_|^ERR_TLS_/.test(code)) return 'tls.failed';
  return undefined;
}
