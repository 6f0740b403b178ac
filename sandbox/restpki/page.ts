// The signing page a session's redirectUrl opens (on the sandbox's plain-HTTP port, like Posten's
// signer pages): the documents, a choice between the test persons' certificates, Sign and
// Cancel. At the end the browser goes to returnUrl?signatureSessionId=… (303), or, in "new tab"
// mode (no returnUrl), to a page saying the tab may be closed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http/respond';
import { html, type Html } from '../web/html';
import type { RestPkiContext } from './context';
import { formatCpf } from './cpf';
import { sameSecret, unmetRequirements } from './engine';
import { RestPkiError, StateConflict } from './errors';
import { TEST_PERSONS } from './persons';
import type { SessionRecord } from './store';

const STYLE = `
  :root { color-scheme: light; --ink:#1d2330; --muted:#5b6475; --line:#d9dee7; --accent:#0b5cad; --ok:#1a7f37; --bad:#9b0d22; --bg:#f5f7fa; }
  * { box-sizing: border-box; }
  body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
  header { background:#fff; border-bottom:1px solid var(--line); padding:.75rem 1.5rem; display:flex; gap:1rem; align-items:baseline; }
  header .brand { font-weight:700; color:var(--accent); }
  header .note { color:var(--muted); font-size:.875rem; }
  main { max-width: 48rem; margin: 1.5rem auto; padding: 0 1.5rem; }
  h1 { font-size:1.5rem; margin:.25rem 0 1rem; }
  h2 { font-size:1.1rem; margin:1.25rem 0 .5rem; }
  .card { background:#fff; border:1px solid var(--line); border-radius:.5rem; padding:1rem 1.25rem; margin-bottom:1rem; }
  ul.documents { margin:0; padding-left:1.2rem; }
  fieldset { border:1px solid var(--line); border-radius:.5rem; padding:.75rem 1rem; }
  legend { font-weight:600; padding:0 .25rem; }
  .person { display:block; padding:.35rem 0; }
  .person .details { color:var(--muted); font-size:.9rem; }
  .unmet { color:var(--bad); font-size:.9rem; }
  .actions { display:flex; gap:.75rem; margin-top:1rem; flex-wrap:wrap; }
  button { font:inherit; padding:.55rem 1.4rem; border-radius:.35rem; border:1px solid transparent; cursor:pointer; }
  button.sign { background:var(--ok); color:#fff; }
  button.cancel { background:#fff; color:var(--bad); border-color:var(--bad); }
  button:focus-visible, a:focus-visible, input:focus-visible { outline:3px solid #2463eb; outline-offset:2px; }
  .message { padding:.75rem 1rem; border-radius:.35rem; background:#e8f0fe; margin-bottom:1rem; }
  .message.error { background:#fbe0e3; color:var(--bad); }
  .muted { color:var(--muted); }
`;

function page(title: string, body: Html, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${html`${title}`.value} – Rest PKI Core sandbox</title><style>${STYLE}</style></head>
<body>
<header><span class="brand">Rest PKI Core sandbox</span><span class="note">Test service – signatures made here have no legal value.</span></header>
<main>${body.value}</main>${script ? `\n<script>${script}</script>` : ''}
</body>
</html>`;
}

function sendPage(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    // the document preview is framed by this page only
    'Content-Security-Policy': "frame-ancestors 'self'",
    'Referrer-Policy': 'no-referrer',
  });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Content-Length': 0, 'Cache-Control': 'no-store' });
  res.end();
}

const STATUS_WORDS: Record<string, string> = {
  Pending: 'waiting for your signature',
  Processing: 'signed; your signature is being processed',
  Completed: 'signed',
  UserCancelled: 'cancelled',
  Expired: 'expired: this signing address was valid for 4 hours',
  ProcessingError: 'signed, but processing the signature failed',
};

export class SigningPages {
  constructor(private readonly ctx: RestPkiContext) {}

  /** Handles /signature-sessions/…; false when the path is not a page's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const match = /^\/signature-sessions\/([0-9a-f-]{36})(?:\/(sign|cancel|done|documents\/([0-9a-f-]{36})))?\/?$/i.exec(url.pathname);
    if (!match) return false;
    const method = req.method ?? 'GET';
    const [, id, action, documentId] = match;
    const form = method === 'POST' ? new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8')) : undefined;
    const token = form?.get('token') ?? url.searchParams.get('token') ?? '';
    this.ctx.engine.tick();
    const session = this.ctx.store.getSession(id.toLowerCase());
    if (!session || !sameSecret(token, session.token)) {
      sendPage(res, 404, page('Not found', html`<h1>This signing address is not valid</h1><p>Check that you opened the whole link you were given.</p>`));
      return true;
    }
    if (method === 'GET' && !action) this.show(res, session);
    else if (method === 'GET' && action === 'done') this.done(res, session);
    else if (method === 'GET' && documentId) this.document(res, session, documentId.toLowerCase(), { download: url.searchParams.has('download'), signed: url.searchParams.has('signed') });
    else if (method === 'POST' && action === 'sign') await this.sign(res, session, form?.get('person') ?? '');
    else if (method === 'POST' && action === 'cancel') await this.cancel(res, session);
    else {
      res.writeHead(405, { 'Content-Length': 0 });
      res.end();
    }
    return true;
  }

  private documentsList(session: SessionRecord): Html {
    const documents = this.ctx.engine.documentsOf(session);
    const signedReady = session.status === 'Completed';
    return html`<ul class="documents">${documents.map((d) => {
      const base = `/signature-sessions/${session.id}/documents/${d.id}?token=${session.token}`;
      return html`<li><a href="${base}" target="_blank" rel="noopener">${d.original.name}</a>${session.disableDownloads ? '' : html` · <a href="${base}&download">download</a>`}${
        signedReady && !session.disableDownloads ? html` · <a href="${base}&signed&download">download signed</a>` : ''
      }</li>`;
    })}</ul>`;
  }

  private requirementsText(session: SessionRecord): Html | string {
    if (session.requirements.length === 0) return '';
    const words = session.requirements.map((r) => (r.type === 'Cpf' ? `the certificate of CPF ${formatCpf(r.cpf)}` : 'a certificate whose key is on a token or smart card (A3)'));
    return html`<p class="muted">This session accepts only ${words.join(' and ')}.</p>`;
  }

  private show(res: ServerResponse, session: SessionRecord, error?: string, status = 200): void {
    if (session.status !== 'Pending') {
      sendPage(res, status === 200 ? 200 : status, page('Signature session', html`<h1>Signature session ${STATUS_WORDS[session.status]}</h1>${error ? html`<p class="message error" role="alert">${error}</p>` : ''}<div class="card"><h2>Documents</h2>${this.documentsList(session)}</div>`));
      return;
    }
    const firstFit = TEST_PERSONS.find((p) => unmetRequirements(session, p).length === 0) ?? TEST_PERSONS[0];
    const persons = TEST_PERSONS.map((person) => {
      const unmet = unmetRequirements(session, person);
      return html`<label class="person"><input type="radio" name="person" value="${person.id}" ${person.id === firstFit.id ? html`checked` : ''}> ${person.name}
        <span class="details">– CPF ${formatCpf(person.cpf)}, ICP-Brasil ${person.certificateType} (${person.certificateType === 'A3' ? 'token' : 'file'})</span>${
          unmet.length > 0 ? html`<br><span class="unmet">Does not meet this session’s requirements</span>` : ''
        }</label>`;
    });
    const body = html`<h1>Sign documents</h1>
      ${error ? html`<p class="message error" role="alert">${error}</p>` : ''}
      <div class="card"><h2>Documents to sign</h2>${this.documentsList(session)}</div>
      <form method="post" action="/signature-sessions/${session.id}/sign" class="card">
        <input type="hidden" name="token" value="${session.token}">
        <fieldset><legend>Certificate</legend>${persons}</fieldset>
        ${this.requirementsText(session)}
        <div class="actions"><button class="sign" type="submit">Sign</button>
          <button class="cancel" type="submit" formaction="/signature-sessions/${session.id}/cancel">Cancel</button></div>
      </form>
      <p class="muted">This address is valid until ${new Date(session.expiresAt).toUTCString()}.</p>`;
    sendPage(res, status, page('Sign documents', body));
  }

  private done(res: ServerResponse, session: SessionRecord): void {
    const word = session.status === 'UserCancelled' ? 'You cancelled the signing.' : session.status === 'Pending' ? 'The documents are not signed yet.' : `The documents are ${STATUS_WORDS[session.status]}.`;
    // "new tab" mode: the service closes a tab that a script opened; any other tab the user closes
    sendPage(res, 200, page('Done', html`<h1>${word}</h1><p class="message">You may close this tab.</p>`, 'window.close();'));
  }

  private document(res: ServerResponse, session: SessionRecord, documentId: string, { download, signed }: { download: boolean; signed: boolean }): void {
    const document = session.documentIds.includes(documentId) ? this.ctx.store.getDocument(documentId) : undefined;
    const file = signed ? (session.status === 'Completed' ? document?.signed : undefined) : document?.original;
    if (!document || !file || (download && session.disableDownloads)) {
      sendPage(res, 404, page('Not found', html`<h1>This document is not available</h1>`));
      return;
    }
    let bytes: Buffer;
    try {
      bytes = this.ctx.engine.fileBytes(file.token).bytes;
    } catch (error) {
      if (!(error instanceof RestPkiError)) throw error;
      sendPage(res, 410, page('Not available', html`<h1>This document is no longer available</h1>`));
      return;
    }
    const asciiName = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    res.writeHead(200, {
      'Content-Type': 'application/pdf',
      'Content-Length': bytes.length,
      'Content-Disposition': `${download ? 'attachment' : 'inline'}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'Cache-Control': 'no-store',
    });
    res.end(bytes);
  }

  private async sign(res: ServerResponse, session: SessionRecord, personId: string): Promise<void> {
    // a second click (or a reload of the POST) after signing goes where the first one went
    if (session.status === 'Completed' || session.status === 'Processing') return redirect(res, this.ctx.engine.finishUrl(session));
    try {
      const signed = await this.ctx.engine.sign(session.id, personId || undefined);
      redirect(res, this.ctx.engine.finishUrl(signed));
    } catch (error) {
      if (!(error instanceof StateConflict)) throw error;
      const now = this.ctx.engine.requireSession(session.id);
      // the first of two clicks signed meanwhile
      if (now.status === 'Completed' || now.status === 'Processing') return redirect(res, this.ctx.engine.finishUrl(now));
      this.show(res, now, error.message, 422);
    }
  }

  private async cancel(res: ServerResponse, session: SessionRecord): Promise<void> {
    if (session.status === 'UserCancelled') return redirect(res, this.ctx.engine.finishUrl(session));
    try {
      redirect(res, this.ctx.engine.finishUrl(await this.ctx.engine.cancel(session.id)));
    } catch (error) {
      if (!(error instanceof StateConflict)) throw error;
      const now = this.ctx.engine.requireSession(session.id);
      if (now.status === 'UserCancelled') return redirect(res, this.ctx.engine.finishUrl(now));
      this.show(res, now, error.message, 409);
    }
  }
}
