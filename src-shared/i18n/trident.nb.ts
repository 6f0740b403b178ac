import type { tridentEn } from './trident.en';

export const tridentNb: Record<keyof typeof tridentEn, string> = {
  'failure.trident.invalidClient': 'TRIDENT godtok ikke klient-ID-en og hemmeligheten. Sjekk dem med administratoren for installasjonen.',
  'failure.trident.tokenRefused': 'Autorisasjonstjeneren til TRIDENT nektet å logge inn Signing Desk. Sjekk navnet på autorisasjonstjeneren og rettighetene til klienten.',
  'failure.trident.invalidToken': 'TRIDENT godtok ikke innloggingen til Signing Desk, heller ikke en ny.',
  'failure.trident.insufficientScope': 'TRIDENT-klienten har ikke lov til å opprette signeringsprosesser. Be administratoren for installasjonen om å tillate det.',
  'failure.trident.notAuthorized': 'TRIDENT tillater ikke denne klienten å gjøre det.',
  'failure.trident.identityUnusable': 'Signeringsidentiteten er deaktivert eller låst hos TRIDENT.',
  'failure.trident.invalidRequest': 'TRIDENT godtok ikke forespørselen slik den ble sendt.',
  'failure.trident.signaturePolicy': 'TRIDENT kjenner ikke eller støtter ikke signaturpolicyen eller innstillingene for den. Sjekk signaturpolicyen på kontoen.',
  'failure.trident.labels': 'TRIDENT godtok ikke etikettene som velger signeringsidentitetene.',
  'failure.trident.notFound': 'TRIDENT kjenner ikke denne prosessen eller dette dokumentet.',
  'failure.trident.invalidState': 'TRIDENT kan ikke gjøre det slik prosessen står nå.',
  'failure.trident.gone': 'Prosessen finnes ikke lenger hos TRIDENT.',
  'failure.trident.unsupportedDocument': 'TRIDENT godtar ikke denne typen dokument.',
  'failure.trident.secretMissing': 'Klienthemmeligheten til denne TRIDENT-kontoen mangler i hemmelighetslageret. Fjern kontoen og legg den til på nytt.',
  'direct.flow.trident': 'Undertegnerne signerer etter tur hos TRIDENT, hver via en lenke du gir dem',
  'trident.rule.noDeadline': 'ingen frist',
};
