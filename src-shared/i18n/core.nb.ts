import type { coreEn } from './core.en';

export const coreNb: { readonly [K in keyof typeof coreEn]: string } = {
  'notify.signerSigned': '{signer} har signert',
  'notify.signerFallback': 'Signatar {number}',
  'notify.completed': 'Alle har signert',
  'notify.failed': 'Oppdraget feilet',
  'notify.cancelled': 'Oppdraget er avbrutt',
  'notify.refused': 'Tjenesten avviste et oppdrag',
  'notify.fileSaved': 'Signert dokument lagret',
};
