import { catalogues, type MessageKey } from '../../../src-shared/i18n';

type PageKind = 'completion' | 'rejection' | 'error' | 'unknown';

const WORDS: Record<PageKind, { title: MessageKey; body: MessageKey }> = {
  completion: { title: 'returnPage.completion.title', body: 'returnPage.completion.body' },
  rejection: { title: 'returnPage.rejection.title', body: 'returnPage.rejection.body' },
  error: { title: 'returnPage.error.title', body: 'returnPage.error.body' },
  unknown: { title: 'returnPage.unknown.title', body: 'returnPage.unknown.body' },
};

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page a signer's browser lands on after signing: the same words in Norwegian and English,
 * since the signer may be anyone (the administrator's language says nothing about theirs).
 * Nothing on it depends on the request.
 */
export function returnPage(kind: PageKind): string {
  const section = (language: 'nb' | 'en') => {
    const words = catalogues[language];
    return `<section lang="${language}"><h1>${escape(words[WORDS[kind].title])}</h1><p>${escape(words[WORDS[kind].body])}</p></section>`;
  };
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(
    `${catalogues.nb[WORDS[kind].title]} / ${catalogues.en[WORDS[kind].title]}`,
  )}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1d2430;background:#fff}section+section{margin-top:2rem;padding-top:2rem;border-top:1px solid #d5d9e0}h1{font-size:1.4rem;margin:0 0 .5rem}@media (prefers-color-scheme:dark){body{color:#e8ebf0;background:#14181f}section+section{border-color:#39404c}}</style></head><body>${section('nb')}${section('en')}</body></html>`;
}
