import type { accountsEn } from './accounts.en';

export const accountsNb: { readonly [K in keyof typeof accountsEn]: string } = {
  'accountCheck.caRequired': 'Test- og QA-miljøet trenger CA-sertifikatfilen: sertifikatene der kommer ikke fra en allment klarert rot.',

  'accountForm.caFileRequiredHint': 'Påkrevd for test og QA: PEM-filen med testrotsertifikatene fra Buypass eller Commfides.',
  'accountForm.caFileOptionalHint': 'Valgfritt. PEM-filen til utstederen av tjenestens sertifikat; uten den brukes de allment klarerte rotsertifikatene.',

  'connectionTest.connected': 'Tilkoblet: tjenesten kjenner deg som org.nr. {organization}.',
  'connectionTest.connectedOnBehalf': 'Tilkoblet: tjenesten kjenner deg som org.nr. {organization}, som sender for org.nr. {sender}.',
  'connectionTest.connectedOther': 'Tilkoblet. Tjenesten svarte: «{answer}».',
};
