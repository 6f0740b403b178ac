import type { safetyEn } from './safety.en';

export const safetyNb: { readonly [K in keyof typeof safetyEn]: string } = {
  'compose.error.lineControlCharacters': 'Linjeskift og andre kontrolltegn kan ikke brukes her.',
  'compose.error.textControlCharacters': 'Teksten inneholder usynlige kontrolltegn. Fjern dem.',
};
