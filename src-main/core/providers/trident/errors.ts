import type { FailureReason } from '../../../../src-shared/failure';
import { genericFailureReason, ServiceCallError, type ServiceErrorDetails, type ServiceErrorKind } from '../service-error';

/**
 * TRIDENT's error names (reference B9: the `error` of a JSON error body, or the `error` of a
 * `WWW-Authenticate` header; B2: the OAuth server's RFC 6749 codes), each with the reason the
 * user reads. An unknown name still gets a sentence, from its HTTP status.
 */
export const tridentErrorReasons: Readonly<Record<string, FailureReason>> = {
  // The authorization server (client credentials).
  invalid_client: 'trident.invalidClient',
  invalid_scope: 'trident.tokenRefused',
  unsupported_grant_type: 'trident.tokenRefused',
  unauthorized_client: 'trident.tokenRefused',
  invalid_grant: 'trident.tokenRefused',
  // The resource server's Bearer checks (RFC 6750).
  invalid_token: 'trident.invalidToken',
  insufficient_scope: 'trident.insufficientScope',
  invalid_request: 'trident.invalidRequest',
  // eSignSP's exceptions.
  BadRequestException: 'trident.invalidRequest',
  IllegalArgumentException: 'trident.invalidRequest',
  JsonParseException: 'trident.invalidRequest',
  JsonProcessingException: 'trident.invalidRequest',
  ModelValidationException: 'trident.invalidRequest',
  NotSupportedException: 'trident.invalidRequest',
  MandatorySignatureException: 'trident.signaturePolicy',
  NotSupportedSignatureParametersException: 'trident.signaturePolicy',
  UnexpectedSignerParametersTypeException: 'trident.signaturePolicy',
  SignaturePolicyNotFoundException: 'trident.signaturePolicy',
  SignaturePolicyNotSupportedException: 'trident.signaturePolicy',
  IncorrectSignIdentitySelectorsException: 'trident.labels',
  AmbiguousSignIdentityTypeException: 'trident.labels',
  MultipleIdentitiesSelectedException: 'trident.labels',
  InsufficientPermissionsException: 'trident.notAuthorized',
  NotAuthorizedException: 'trident.notAuthorized',
  DisabledSignIdentityException: 'trident.identityUnusable',
  LockedSignIdentityException: 'trident.identityUnusable',
  DocumentNotFoundException: 'trident.notFound',
  ProcessNotFoundException: 'trident.notFound',
  NotFoundException: 'trident.notFound',
  ItemNotFoundException: 'trident.notFound',
  NotAllowedException: 'trident.invalidState',
  InvalidStateException: 'trident.invalidState',
  InconsistentUpdateRequestException: 'trident.invalidState',
};

/** HTTP statuses TRIDENT documents with a meaning of their own (B9), for answers without an error name. */
const STATUS_REASONS: Readonly<Record<number, FailureReason>> = {
  401: 'trident.invalidToken',
  403: 'trident.notAuthorized',
  404: 'trident.notFound',
  405: 'trident.invalidState',
  409: 'trident.invalidState',
  410: 'trident.gone',
  415: 'trident.unsupportedDocument',
  422: 'trident.invalidState',
};

/** A call to TRIDENT that failed; worded by TRIDENT's table. */
export class TridentError extends ServiceCallError {
  constructor(kind: ServiceErrorKind, message: string, details: ServiceErrorDetails = {}) {
    super(kind, message, details);
    this.name = 'TridentError';
  }

  /** A known name decides; an unknown one falls back on the HTTP status, then the kind. */
  get reason(): FailureReason {
    const byCode = this.details.code ? tridentErrorReasons[this.details.code] : undefined;
    if (byCode) return byCode;
    const status = this.details.status;
    if (status && STATUS_REASONS[status]) return STATUS_REASONS[status];
    if (status) return genericFailureReason(`HTTP_${status}`);
    return genericFailureReason(this.details.code ?? this.kind.toUpperCase());
  }
}
