import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../core/context';
import { ApiError } from '../core/errors';
import { newToken } from '../core/engine';
import type { JobRecord, SignerRecord } from '../core/model';
import { signerDisplayIdentifier, signerIdentityKey, signerOrderGroups } from '../core/model';
import { RESULT_PDF, signerDisplayName } from '../core/results';
import { Html, html, page } from './html';

function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

function seeOther(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, 'Content-Length': '0' });
  res.end();
}

const statusBadge = (status: string): Html => html`<span class="status ${status}">${status.replace(/_/g, ' ').toLowerCase()}</span>`;

function waitingReason(ctx: SandboxContext, job: JobRecord, signer: SignerRecord): string {
  if (ctx.engine.canAct(job, signer)) return 'Ready for you to sign';
  if (job.status !== 'IN_PROGRESS') return `The job is ${job.status.replace(/_/g, ' ').toLowerCase()}`;
  if (signer.status !== 'WAITING') return `You have ${signer.status === 'SIGNED' ? 'signed' : signer.status.toLowerCase()}`;
  if (new Date(job.groupActivatedAt).getTime() > ctx.clock.nowMs()) return `Opens ${job.groupActivatedAt}`;
  return 'Waiting for earlier signers';
}

function indexPage(ctx: SandboxContext): string {
  const identities = new Map<string, { label: string; waiting: number }>();
  for (const job of ctx.store.listJobs({ activeOnly: true })) {
    for (const s of job.signers) {
      if (s.status !== 'WAITING') continue;
      const key = signerIdentityKey(s);
      const entry = identities.get(key) ?? { label: signerDisplayIdentifier(s), waiting: 0 };
      entry.waiting += 1;
      identities.set(key, entry);
    }
  }
  const rows = [...identities].map(([key, e]) => html`<tr><td><a href="/web/inbox/${encodeURIComponent(key)}">${e.label}</a></td><td>${e.waiting}</td></tr>`);
  return page('Signers', html`<h1>Signers with waiting jobs</h1>
<div class="card">${rows.length ? html`<table><thead><tr><th>Signer</th><th>Waiting jobs</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">Nobody has anything to sign right now.</p>`}</div>`);
}

function inboxPage(ctx: SandboxContext, identity: string): string {
  const rows: Html[] = [];
  for (const job of ctx.store.listJobs({ activeOnly: true })) {
    for (const s of job.signers) {
      if (signerIdentityKey(s) !== identity || s.status !== 'WAITING') continue;
      rows.push(html`<tr><td><a href="/web/jobs/${job.id}/signers/${s.index}">${job.title}</a></td><td>${job.flow}</td><td>${waitingReason(ctx, job, s)}</td><td>${readableTime(ctx.engine.deadline(job))}</td></tr>`);
    }
  }
  return page(`Inbox of ${identity}`, html`<h1>Inbox of ${identity}</h1>
<div class="card">${rows.length ? html`<table><thead><tr><th>Job</th><th>Flow</th><th>State</th><th>Deadline</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No jobs are waiting for this signer.</p>`}</div>`);
}

function jobPage(ctx: SandboxContext, job: JobRecord, signer: SignerRecord, actionBase: string, message?: string): string {
  const groups = signerOrderGroups(job);
  const documents = job.documentsDeleted
    ? html`<p class="muted">The sender has deleted the documents of this job.</p>`
    : job.documents.map((d, i) => {
        const src = `/web/jobs/${job.id}/documents/${i}`;
        return html`<section class="card"><h2>${d.title}</h2>
<iframe class="document" title="${d.title}" src="${src}"></iframe>
<p><a href="${src}?download=1" download="${d.fileName}">Download ${d.fileName}</a></p></section>`;
      });
  const signers = job.signers.map((s) => html`<tr><td>${s.index === signer.index ? html`<strong>${signerDisplayName(s)} (you)</strong>` : signerDisplayName(s)}</td><td>${groups.length > 1 ? s.order : '–'}</td><td>${statusBadge(s.status)}</td><td>${s.since}</td></tr>`);
  const canAct = ctx.engine.canAct(job, signer);
  const actions = canAct
    ? html`<form method="post" action="${actionBase}/sign" class="actions"><button type="submit" class="sign">Sign</button>
<button type="submit" class="reject" formaction="${actionBase}/reject">Reject</button>
<span class="muted">Signing uses your test certificate for ${signerDisplayName(signer)}.</span></form>`
    : html`<p class="muted">${waitingReason(ctx, job, signer)}.</p>`;
  const result = job.hasPades && !job.documentsDeleted ? html`<p><a href="/web/jobs/${job.id}/result.pdf" download="signed-job-${job.id}.pdf">Download the signed PDF</a></p>` : '';
  return page(job.title, html`${message ? html`<div class="message" role="status">${message}</div>` : ''}
<h1>${job.title}</h1>
<div class="card"><p class="muted">From organisation ${job.org} · ${job.flow} flow · job ${job.id} ${statusBadge(job.status)}</p>
${job.description ? html`<p>${job.description}</p>` : ''}${actions}${result}</div>
<h2>Documents</h2>${documents}
<h2>Signers</h2><div class="card"><table><thead><tr><th>Name</th><th>Order</th><th>Status</th><th>Since</th></tr></thead><tbody>${signers}</tbody></table></div>`);
}

function messagePage(res: ServerResponse, status: number, title: string, text: string): void {
  sendHtml(res, status, page(title, html`<h1>${title}</h1><div class="card"><p>${text}</p></div>`));
}

/** Signer-facing pages (issue #3 item 8): inbox per signer, job pages, direct-flow landing. */
export async function handleWeb(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '') || '/web';
  let m: RegExpExecArray | null;
  try {
    await ctx.engine.tick();
    if (method === 'GET' && path === '/web') return sendHtml(res, 200, indexPage(ctx));
    if (method === 'GET' && (m = /^\/web\/inbox\/([^/]+)$/.exec(path))) return sendHtml(res, 200, inboxPage(ctx, decodeURIComponent(m[1])));

    if ((m = /^\/web\/jobs\/(\d+)\/documents\/(\d+)$/.exec(path)) && method === 'GET') {
      const job = ctx.engine.requireJob(Number(m[1]));
      const document = job.documents[Number(m[2])];
      const bytes = document && !job.documentsDeleted ? ctx.store.readJobFile(job.id, document.file) : undefined;
      if (!document || !bytes) return messagePage(res, 404, 'Document not found', 'This document does not exist or has been deleted.');
      const disposition = url.searchParams.has('download') ? 'attachment' : 'inline';
      res.writeHead(200, { 'Content-Type': document.mimeType, 'Content-Length': bytes.length, 'Content-Disposition': `${disposition}; filename="${document.fileName.replace(/"/g, '')}"` });
      res.end(bytes);
      return;
    }
    if ((m = /^\/web\/jobs\/(\d+)\/result\.pdf$/.exec(path)) && method === 'GET') {
      const job = ctx.engine.requireJob(Number(m[1]));
      const pdf = job.hasPades && !job.documentsDeleted ? ctx.store.readJobFile(job.id, RESULT_PDF) : undefined;
      if (!pdf) return messagePage(res, 404, 'No signed document', 'Nobody has signed this job yet.');
      res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': pdf.length, 'Content-Disposition': `attachment; filename="signed-job-${job.id}.pdf"` });
      res.end(pdf);
      return;
    }

    // Job page reached from an inbox, and the page behind a direct-flow session.
    let target: { job: JobRecord; signer: SignerRecord; base: string } | undefined;
    let action: string | undefined;
    if ((m = /^\/web\/jobs\/(\d+)\/signers\/(\d+)(?:\/(sign|reject))?$/.exec(path))) {
      const job = ctx.engine.requireJob(Number(m[1]));
      const signer = job.signers[Number(m[2])];
      if (!signer) return messagePage(res, 404, 'Signer not found', 'This job has no such signer.');
      target = { job, signer, base: `/web/jobs/${job.id}/signers/${signer.index}` };
      action = m[3];
    } else if ((m = /^\/web\/session\/([\w-]+)(?:\/(sign|reject))?$/.exec(path))) {
      const session = ctx.store.getToken(m[1], 'session');
      if (!session) return messagePage(res, 404, 'Unknown session', 'This signing session does not exist.');
      const job = ctx.engine.requireJob(session.jobId);
      target = { job, signer: job.signers[session.signerIndex], base: `/web/session/${m[1]}` };
      action = m[2];
    } else if ((m = /^\/web\/redirect\/([\w-]+)$/.exec(path)) && method === 'GET') {
      const token = ctx.store.getToken(m[1], 'redirect');
      if (!token) return messagePage(res, 404, 'Unknown link', 'This signing link is not valid.');
      if (token.used) return messagePage(res, 410, 'Link already used', 'This signing link works only once. Go back to the sender to get a new one.');
      ctx.store.markTokenUsed(m[1]);
      // The one-time token becomes a session URL so that reloading the page keeps working.
      const session = newToken();
      ctx.store.addToken(session, 'session', token.jobId, token.signerIndex);
      return seeOther(res, `/web/session/${session}`);
    }
    const endedUnderSigner = target && target.job.flow === 'direct' && target.job.status !== 'IN_PROGRESS' && !['SIGNED', 'REJECTED'].includes(target.signer.status);
    if (target && endedUnderSigner && path.startsWith('/web/session/')) {
      const redirect = await ctx.engine.errorRedirect(target.job.id);
      if (redirect) return seeOther(res, redirect);
    }
    if (target && !action && method === 'GET') {
      const done = url.searchParams.get('done');
      const message = done === 'signed' ? 'You have signed. Thank you.' : done === 'rejected' ? 'You have rejected the job.' : undefined;
      return sendHtml(res, 200, jobPage(ctx, target.job, target.signer, target.base, message));
    }
    if (target && action && method === 'POST') {
      const result = action === 'sign' ? await ctx.engine.sign(target.job.id, target.signer.index) : await ctx.engine.reject(target.job.id, target.signer.index);
      return seeOther(res, result.redirect ?? `${target.base}?done=${action === 'sign' ? 'signed' : 'rejected'}`);
    }
    return messagePage(res, 404, 'Not found', `There is no page at ${path}.`);
  } catch (error) {
    if (error instanceof ApiError) return messagePage(res, error.httpStatus, 'That did not work', error.message);
    console.error('sandbox web error:', error);
    return messagePage(res, 500, 'Something went wrong', (error as Error).message);
  }
}

/** Deadlines on the sandbox clock, as a person reads them (UTC, minutes). */
function readableTime(at: number | string | Date): string {
  return new Date(at).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}
