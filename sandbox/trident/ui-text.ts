// The task pages' words in the two languages the sandbox speaks (ui_locales, else Accept-Language).
export type Language = 'en' | 'nb';

const en = {
  serviceName: 'TRIDENT sandbox',
  testNote: 'Test service: signatures made here have no legal value.',
  title: 'Sign documents',
  chooseIdentity: 'Choose how you sign',
  chooseIdentityHelp: 'These signing identities match what the service that sent you here asks for.',
  kindMobile: 'Mobile ID on your phone',
  kindServer: 'Identity kept on the server',
  labels: 'Labels',
  continue: 'Continue',
  cancel: 'Cancel',
  fail: 'Simulate an error',
  sign: 'Sign',
  signingAs: 'You sign as {name} ({kind}).',
  otherIdentity: 'Choose another identity',
  documents: 'Documents to sign',
  document: 'Document {n}',
  agreementHeading: 'Read before you sign',
  agreementFrame: 'Information from the sender',
  agreed: 'I have read the documents and want to sign them',
  mustAgree: 'Tick the box to confirm that you have read the documents.',
  agreementSkipped: 'You sign with an identity kept on the server, and the service that sent you here has already shown you the documents.',
  endedHeading: 'This signing has ended',
  ended: 'It ended as: {status}.',
  finished: 'signed',
  failed: 'failed',
  failed_documents: 'some documents could not be signed',
  canceled: 'cancelled',
  back: 'Back to the service',
  notFoundHeading: 'Signing not found',
  notFound: 'There is no signing process at this address. It may have been deleted.',
  errorHeading: 'That did not work',
};

const nb: typeof en = {
  serviceName: 'TRIDENT-testtjeneste',
  testNote: 'Testtjeneste: signaturer laget her har ingen juridisk verdi.',
  title: 'Signer dokumenter',
  chooseIdentity: 'Velg hvordan du signerer',
  chooseIdentityHelp: 'Disse signeringsidentitetene passer med det tjenesten som sendte deg hit, ber om.',
  kindMobile: 'Mobile ID på telefonen',
  kindServer: 'Identitet som ligger på tjeneren',
  labels: 'Etiketter',
  continue: 'Fortsett',
  cancel: 'Avbryt',
  fail: 'Lat som noe gikk galt',
  sign: 'Signer',
  signingAs: 'Du signerer som {name} ({kind}).',
  otherIdentity: 'Velg en annen identitet',
  documents: 'Dokumenter som skal signeres',
  document: 'Dokument {n}',
  agreementHeading: 'Les før du signerer',
  agreementFrame: 'Informasjon fra avsenderen',
  agreed: 'Jeg har lest dokumentene og vil signere dem',
  mustAgree: 'Kryss av for å bekrefte at du har lest dokumentene.',
  agreementSkipped: 'Du signerer med en identitet som ligger på tjeneren, og tjenesten som sendte deg hit, har allerede vist deg dokumentene.',
  endedHeading: 'Denne signeringen er avsluttet',
  ended: 'Den endte slik: {status}.',
  finished: 'signert',
  failed: 'mislyktes',
  failed_documents: 'noen av dokumentene kunne ikke signeres',
  canceled: 'avbrutt',
  back: 'Tilbake til tjenesten',
  notFoundHeading: 'Fant ikke signeringen',
  notFound: 'Det finnes ingen signering på denne adressen. Den kan være slettet.',
  errorHeading: 'Det gikk ikke',
};

export type TextKey = keyof typeof en;
const catalogues: Record<Language, typeof en> = { en, nb };

export function text(language: Language, key: TextKey, values: Record<string, string | number> = {}): string {
  return catalogues[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** `nb_NO`, `no`, `nn-NO` read as Bokmål (the sandbox has no Nynorsk); `en_US`, `en` as English. */
function languageOfTag(tag: string): Language | undefined {
  const primary = tag.trim().toLowerCase().split(/[_-]/)[0];
  if (primary === 'nb' || primary === 'no' || primary === 'nn') return 'nb';
  if (primary === 'en') return 'en';
  return undefined;
}

/** The first supported of the process's ui_locales, else of the browser's Accept-Language, else English. */
export function pickLanguage(uiLocales: string[] | undefined, acceptLanguage: string | undefined): Language {
  for (const tag of uiLocales ?? []) {
    const language = languageOfTag(tag);
    if (language) return language;
  }
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((entry, index) => {
      const [tag, ...params] = entry.split(';');
      const q = Number(/q=([\d.]+)/.exec(params.join(';'))?.[1] ?? '1');
      return { tag, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const language = languageOfTag(tag);
    if (language) return language;
  }
  return 'en';
}
