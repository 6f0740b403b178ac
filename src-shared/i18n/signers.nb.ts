import type { signersEn } from './signers.en';

export const signersNb: { readonly [K in keyof typeof signersEn]: string } = {
  'signers.name': 'Navn',
  'signers.nameHint': 'Valgfritt. For denne appen og navnene på de signerte filene; Posten får det ikke.',
  'signers.error.nameControl': 'Et navn kan ikke inneholde linjeskift eller andre kontrolltegn.',
  'signers.rejectedBy': 'Avvist av {who}',
  'signers.rejectedExplained': '{who} avviste signeringen {time}. Oppdraget er stoppet. Send et nytt oppdrag hvis dokumentet fortsatt skal signeres.',
};
