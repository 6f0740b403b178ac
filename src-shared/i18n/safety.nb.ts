import type { safetyEn } from './safety.en';

export const safetyNb: { readonly [K in keyof typeof safetyEn]: string } = {
  'compose.error.lineControlCharacters': 'Linjeskift og andre kontrolltegn kan ikke brukes her.',
  'compose.error.textControlCharacters': 'Teksten inneholder usynlige kontrolltegn. Fjern dem.',
  'compose.doc.warning.javascript': 'Denne PDF-en inneholder JavaScript, som kan kjøres når en undertegner åpner den. Send den bare hvis du vet hvorfor det er der.',
  'compose.doc.warning.embeddedFiles': 'Denne PDF-en har andre filer innebygd, og undertegnerne får dem også. Send den bare hvis de hører med.',
};
