import type { accountsEn } from './accounts.en';

export const accountsNb: { readonly [K in keyof typeof accountsEn]: string } = {
  'accountCheck.orgMismatch': 'Sertifikatet tilhører org.nr. {certificate}, men kontoen gjelder {account}.',
  'accountCheck.noOrganization':
    'Dette sertifikatet har ikke noe organisasjonsnummer, så det er ikke et virksomhetssertifikat. Velg virksomhetssertifikatet til organisasjonen.',
  'accountCheck.caRequired': 'Test- og QA-miljøet trenger CA-sertifikatfilen: sertifikatene der kommer ikke fra en allment klarert rot.',
  'accountCheck.caEmpty': 'CA-sertifikatfilen inneholder ingen PEM-sertifikater.',

  'accountForm.caFileRequiredHint': 'Påkrevd for test og QA: PEM-filen med testrotsertifikatene fra Buypass eller Commfides.',
  'accountForm.caFileOptionalHint': 'Valgfritt. PEM-filen til utstederen av tjenestens sertifikat; uten den brukes de allment klarerte rotsertifikatene.',

  'connectionTest.connected': 'Tilkoblet: tjenesten kjenner deg som org.nr. {organization}.',
  'connectionTest.connectedOnBehalf': 'Tilkoblet: tjenesten kjenner deg som org.nr. {organization}, som sender for org.nr. {sender}.',
  'connectionTest.connectedOther': 'Tilkoblet. Tjenesten svarte: «{answer}».',
  'connectionTest.untrusted': 'Tjenestens sertifikat ble ikke godtatt. Sjekk CA-sertifikatfilen og tjenestens organisasjonsnummer.',
  'connectionTest.certificateRefused': 'Tjenesten avbrøt forbindelsen, som oftest fordi den ikke godtok sertifikatet ditt. Sjekk at det er riktig sertifikat for dette miljøet (et testsertifikat for test og QA).',
  'connectionTest.unreachable': 'Fikk ikke kontakt med tjenesten på {host}. Sjekk adressen og nettverksforbindelsen.',
  'connectionTest.notAuthorized': 'Tjenesten lar ikke dette sertifikatet sende for org.nr. {organization}.',
  'connectionTest.refused': 'Tjenesten avviste forbindelsestesten.',
  'connectionTest.serviceDown': 'Tjenesten har et problem akkurat nå. Prøv igjen om noen minutter.',
  'connectionTest.slowDown': 'Tjenesten ber Signing Desk om å gå saktere frem. Prøv igjen om et minutt.',
  'connectionTest.unreadable': 'Tjenesten ga et svar Signing Desk ikke kunne lese.',
  'connectionTest.details': 'Detaljer',
};
