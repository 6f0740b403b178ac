import { en, type Catalogue, type MessageKey } from './messages.en';
import { nb } from './messages.nb';

export { en, nb };
export type { Catalogue, MessageKey };

export type Language = 'nb' | 'en';
export type LanguageSetting = 'system' | Language;

export const catalogues: Readonly<Record<Language, Catalogue>> = { nb, en };

// Nynorsk and the bare "no" tag get Bokmål: far closer for a Norwegian reader than English.
const NORWEGIAN = new Set(['nb', 'nn', 'no']);

/** The language to show: the user's choice, or else the OS language mapped onto what we ship. */
export function resolveLanguage(setting: LanguageSetting, osLanguage: string | undefined | null): Language {
  if (setting !== 'system') return setting;
  const primary = (osLanguage ?? '').trim().toLowerCase().split(/[-_.@]/)[0];
  return NORWEGIAN.has(primary) ? 'nb' : 'en';
}

export type MessageParams = Readonly<Record<string, string | number>>;

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than vanishing silently. */
export function format(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function createTranslator(language: Language): Translate {
  const catalogue = catalogues[language];
  return (key, params) => format(catalogue[key] ?? en[key] ?? key, params);
}

/** BCP 47 tag for `<html lang>` and Intl formatting. */
export function localeOf(language: Language): string {
  return language === 'nb' ? 'nb-NO' : 'en-GB';
}

export function formatDateTime(language: Language, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
