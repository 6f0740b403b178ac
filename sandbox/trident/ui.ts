import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http/respond';
import { Html, escapeHtml, html } from '../web/html';
import { TridentError } from './errors';
import { RESOURCES_PREFIX, type ProcessRecord, type SigningIdentity } from './model';
import { callbackUrl, type TridentService } from './service';
import { pickLanguage, text, type Language, type TextKey } from './ui-text';

const UI = `${RESOURCES_PREFIX}/ui`;

const STYLE = `
  :root { color-scheme: light; --ink:#1b2433; --muted:#586174; --line:#d6dce6; --accent:#0b5fa5; --bg:#f4f6f9; --bad:#9b0d22; }
  * { box-sizing: border-box; }
  body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
  header { background:#fff; border-bottom:1px solid var(--line); padding:.75rem 1.5rem; display:flex; gap:1rem; align-items:baseline; flex-wrap:wrap; }
  header .brand { font-weight:700; color:var(--accent); }
  header .note { color:var(--muted); font-size:.875rem; }
  main { max-width: 46rem; margin: 1.5rem auto; padding: 0 1.5rem; }
  h1 { font-size:1.5rem; margin:.25rem 0 1rem; }
  h2 { font-size:1.1rem; margin:1.25rem 0 .5rem; }
  .card { background:#fff; border:1px solid var(--line); border-radius:.5rem; padding:1rem 1.25rem; margin-bottom:1rem; }
  fieldset { border:0; padding:0; margin:0; }
  .identity { display:flex; gap:.75rem; align-items:flex-start; padding:.6rem 0; border-bottom:1px solid var(--line); }
  .identity:last-child { border-bottom:0; }
  .muted { color:var(--muted); font-size:.9rem; }
  .actions { display:flex; gap:.75rem; align-items:center; margin-top:1rem; flex-wrap:wrap; }
  button { font:inherit; padding:.55rem 1.4rem; border-radius:.35rem; border:1px solid transparent; cursor:pointer; }
  button.primary { background:var(--accent); color:#fff; }
  button.secondary { background:#fff; color:var(--ink); border-color:var(--line); }
  button.danger { background:#fff; color:var(--bad); border-color:var(--bad); }
  button:focus-visible, a:focus-visible, input:focus-visible { outline:3px solid #2463eb; outline-offset:2px; }
  iframe.agreement { width:100%; height:14rem; border:1px solid var(--line); border-radius:.25rem; background:#fff; }
  .error { padding:.75rem 1rem; border-radius:.35rem; background:#fbe0e3; color:var(--bad); margin-bottom:1rem; }
`;

function sendHtml(res: ServerResponse, status: number, language: Language, title: string, body: Html): void {
  const page = `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – ${escapeHtml(text(language, 'serviceName'))}</title><style>${STYLE}</style></head>
<body>
<header><span class="brand">${escapeHtml(text(language, 'serviceName'))}</span><span class="note">${escapeHtml(text(language, 'testNote'))}</span></header>
<main>${body.value}</main>
</body>
</html>`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(page),
    'Cache-Control': 'no-store',
    // No form-action: Chromium applies it to the redirect after a form, and that goes to the client's callback.
    'Content-Security-Policy': "default-src 'self'; style-src 'unsafe-inline'; script-src 'none'; frame-ancestors 'none'",
    'Referrer-Policy': 'no-referrer',
  });
  res.end(page);
}

function redirect(res: ServerResponse, status: 302 | 303, location: string): void {
  res.writeHead(status, { Location: location, 'Content-Length': '0', 'Cache-Control': 'no-store' });
  res.end();
}

const kindWords = (language: Language, identity: SigningIdentity): string => text(language, identity.kind === 'server' ? 'kindServer' : 'kindMobile');

/**
 * The browser part of a signer process (B6), reached at tasks.pending[0].url with no token (the URL
 * is the capability): choose an identity among those the labels match, read and agree (unless a
 * server identity and skip_server_id), then Sign, Cancel or fail; every end is a 302 to
 * finish_callback_url with status and signer_process_id.
 */
export class TaskPages {
  constructor(private readonly service: TridentService) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const action = url.pathname.slice(UI.length).replace(/^\//, '');
    const form = method === 'POST' ? new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8')) : url.searchParams;
    const processId = form.get('signerProcessId') ?? '';
    const process = processId ? this.service.store.getProcess(processId) : undefined;
    const language = pickLanguage(process?.uiLocales, req.headers['accept-language']);
    const t = (key: TextKey, values?: Record<string, string | number>) => text(language, key, values);
    if (!process) return sendHtml(res, 404, language, t('notFoundHeading'), html`<h1>${t('notFoundHeading')}</h1><div class="card"><p>${t('notFound')}</p></div>`);

    try {
      if (method === 'GET' && action === 'agreement') return this.agreementFrame(res, process);
      if (method === 'GET' && /^documents\/[^/]+$/.test(action)) return this.documentContent(res, process, action.slice('documents/'.length));
      if (process.result) return this.endedPage(res, language, process);
      const matching = this.service.matchingIdentities(process);
      if (matching.length === 0) {
        const outcome = await this.service.failForLabels(process.id);
        return redirect(res, 302, outcome.redirect);
      }
      if (method === 'GET' && action === '') return this.identityPage(res, language, process, matching);
      if (method === 'POST' && action === 'identity') {
        await this.service.chooseIdentity(process.id, form.get('identity') ?? '');
        return redirect(res, 303, `${UI}/sign?signerProcessId=${encodeURIComponent(process.id)}`);
      }
      const identity = matching.find((i) => i.id === process.identityId);
      if (method === 'GET' && action === 'sign') {
        if (!identity) return redirect(res, 303, `${UI}?signerProcessId=${encodeURIComponent(process.id)}`);
        return this.signPage(res, language, process, identity);
      }
      if (method === 'POST' && action === 'cancel') return redirect(res, 302, (await this.service.cancel(process.id)).redirect);
      if (method === 'POST' && action === 'fail') return redirect(res, 302, (await this.service.fail(process.id, 'The person chose to simulate an error on the sandbox page')).redirect);
      if (method === 'POST' && action === 'sign') {
        if (!identity) return redirect(res, 303, `${UI}?signerProcessId=${encodeURIComponent(process.id)}`);
        if (!this.service.agreementSkipped(process, identity) && form.get('agreed') !== 'yes') {
          return this.signPage(res, language, process, identity, t('mustAgree'), 400);
        }
        return redirect(res, 302, (await this.service.sign(process.id, { identityId: identity.id })).redirect);
      }
      return sendHtml(res, 404, language, t('notFoundHeading'), html`<h1>${t('notFoundHeading')}</h1><div class="card"><p>${t('notFound')}</p></div>`);
    } catch (error) {
      if (!(error instanceof TridentError)) throw error;
      const current = this.service.store.getProcess(process.id);
      if (current?.result) return this.endedPage(res, language, current);
      return sendHtml(res, error.httpStatus, language, t('errorHeading'), html`<h1>${t('errorHeading')}</h1><div class="card"><p>${error.description}</p></div>`);
    }
  }

  private endedPage(res: ServerResponse, language: Language, process: ProcessRecord): void {
    const status = process.result!.status;
    const back = callbackUrl(process.finishCallbackUrl, status, process.id);
    sendHtml(res, 200, language, text(language, 'endedHeading'), html`<h1>${text(language, 'endedHeading')}</h1>
<div class="card"><p>${text(language, 'ended', { status: text(language, status) })}</p><p><a href="${back}">${text(language, 'back')}</a></p></div>`);
  }

  private hidden(process: ProcessRecord): Html {
    return html`<input type="hidden" name="signerProcessId" value="${process.id}">`;
  }

  private endButtons(language: Language): Html {
    return html`<button type="submit" class="secondary" formaction="${UI}/cancel" formnovalidate>${text(language, 'cancel')}</button>
<button type="submit" class="danger" formaction="${UI}/fail" formnovalidate>${text(language, 'fail')}</button>`;
  }

  private identityPage(res: ServerResponse, language: Language, process: ProcessRecord, identities: SigningIdentity[]): void {
    const options = identities.map(
      (identity, i) => html`<label class="identity"><input type="radio" name="identity" value="${identity.id}"${new Html(i === 0 ? ' checked' : '')} required>
<span><strong>${identity.name}</strong> · ${kindWords(language, identity)}<br><span class="muted">${text(language, 'labels')}: ${identity.labels.join(', ')}</span></span></label>`,
    );
    sendHtml(res, 200, language, text(language, 'title'), html`<h1>${text(language, 'chooseIdentity')}</h1>
<form method="post" action="${UI}/identity" class="card">${this.hidden(process)}
<fieldset><legend class="muted">${text(language, 'chooseIdentityHelp')}</legend>${options}</fieldset>
<div class="actions"><button type="submit" class="primary">${text(language, 'continue')}</button>${this.endButtons(language)}</div></form>`);
  }

  private signPage(res: ServerResponse, language: Language, process: ProcessRecord, identity: SigningIdentity, error?: string, status = 200): void {
    const skipped = this.service.agreementSkipped(process, identity);
    const query = `signerProcessId=${encodeURIComponent(process.id)}`;
    const documents = process.documents.map((d, i) => html`<li><a href="${UI}/documents/${d.id}?${query}" target="_blank" rel="noopener">${text(language, 'document', { n: i + 1 })}</a></li>`);
    const agreement = skipped
      ? html`<p class="muted" id="agreement-skipped">${text(language, 'agreementSkipped')}</p>`
      : html`<h2>${text(language, 'agreementHeading')}</h2>
${process.agreementHtml !== undefined ? html`<iframe class="agreement" title="${text(language, 'agreementFrame')}" sandbox src="${UI}/agreement?${query}"></iframe>` : ''}
<h2>${text(language, 'documents')}</h2><ul>${documents}</ul>
<label><input type="checkbox" name="agreed" value="yes" required> ${text(language, 'agreed')}</label>`;
    sendHtml(res, status, language, text(language, 'title'), html`<h1>${text(language, 'title')}</h1>
${error ? html`<div class="error" role="alert">${error}</div>` : ''}
<form method="post" action="${UI}/sign" class="card">${this.hidden(process)}
<p>${text(language, 'signingAs', { name: identity.name, kind: kindWords(language, identity) })} <a href="${UI}?${query}">${text(language, 'otherIdentity')}</a></p>
${agreement}
<div class="actions"><button type="submit" class="primary">${text(language, 'sign')}</button>${this.endButtons(language)}</div></form>`, );
  }

  /** The sender's html_body_content, alone in a sandboxed frame: its markup is shown, never run. */
  private agreementFrame(res: ServerResponse, process: ProcessRecord): void {
    const body = `<!doctype html><html><head><meta charset="utf-8"></head><body>${process.agreementHtml ?? ''}</body></html>`;
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
      'Cache-Control': 'no-store',
    });
    res.end(body);
  }

  private documentContent(res: ServerResponse, process: ProcessRecord, documentId: string): void {
    const document = process.documents.some((d) => d.id === documentId) ? this.service.store.getDocument(documentId) : undefined;
    const bytes = document ? this.service.store.documentContent(document.id) : undefined;
    if (!document || !bytes) throw new TridentError(404, 'DocumentNotFoundException', 'This document does not exist');
    res.writeHead(200, { 'Content-Type': document.contentType, 'Content-Length': String(bytes.length), 'Content-Disposition': 'inline', 'Cache-Control': 'no-store' });
    res.end(bytes);
  }
}
