import type { generalEn } from './general.en';

export const generalNb: { readonly [K in keyof typeof generalEn]: string } = {
  'count.documents.one': '{count} dokument',
  'count.documents.other': '{count} dokumenter',
  'count.pages.one': '{count} side',
  'count.pages.other': '{count} sider',
  'count.signers.one': '{count} undertegner',
  'count.signers.other': '{count} undertegnere',
  'count.signatures.one': '{count} signatur',
  'count.signatures.other': '{count} signaturer',
  'count.days.one': '{count} dag',
  'count.days.other': '{count} dager',
  'count.hours.one': '{count} time',
  'count.hours.other': '{count} timer',
  'count.bytes.one': '{count} byte',
  'count.bytes.other': '{count} byte',
  'count.jobs.one': '{count} oppdrag',
  'count.jobs.other': '{count} oppdrag',

  'certificate.holder': '{name} (org.nr. {number})',
  'certificate.unnamed': 'en ukjent innehaver',

  'details.summary': 'Detaljer',
  'details.code': 'Kode',

  'dateInput.hint': 'Skriv det som {pattern}.',
  'dateInput.invalid': 'Skriv dato og klokkeslett som {pattern}.',

  'jobs.untitledDraft': 'Utkast uten tittel',
  'accounts.demoName': 'Demo (lokal testtjeneste)',

  'progress.preparing': 'Gjør klar dokumentene',
  'progress.sending': 'Sender',
  'progress.sent': 'Ferdig',
  'progress.downloadingPdf': 'Laster ned den signerte PDF-en',
  'progress.downloadingSignature': 'Laster ned en signatur',
  'progress.downloaded': 'Lastet ned',
  'progress.saving': 'Lagrer de signerte filene',
  'progress.saved': 'Lagret',
  'progress.notSaved': 'Ikke lagret',

  'accountDetail.lastPollErrorFallback': 'Siste forsøk på å hente nytt fra tjenesten mislyktes.',
  'jobPage.error.fallback': 'Tjenesten ga ingen nærmere forklaring.',
  'jobPage.file.failedFallback': 'Filen kunne ikke lastes ned eller lagres. Signing Desk prøver igjen.',
  'jobPage.verification.legacy': 'Signaturene ble kontrollert da filen ble lastet ned.',

  'fileName.signed': 'signert',
  'fileName.signer': 'undertegner {number}',
  'fileName.untitled': 'Uten tittel',
  'fileName.defaultFolder': 'Signerte dokumenter',
};
