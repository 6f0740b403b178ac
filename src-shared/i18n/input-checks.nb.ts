import type { inputChecksEn } from './input-checks.en';

export const inputChecksNb: { readonly [K in keyof typeof inputChecksEn]: string } = {
  'inputCheck.ninDate': 'Fødselsnummeret begynner ikke med en fødselsdato. Sjekk om det er en skrivefeil.',
  'inputCheck.folderNul': 'En mappesti kan ikke inneholde NUL-tegnet.',
};
