import { X509Certificate } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { organizationNumberOfCertificate } from '../pki/index';
import { validateAgainstPostenSchema } from '../validation/xsd';
import type { SandboxContext } from '../core/context';
import { ApiError } from '../core/errors';
import type { Flow, JobRecord } from '../core/model';
import { RESULT_PDF, xadesFileName } from '../core/results';
import { readBody, sendApiError, sendEmpty, sendXml } from '../http/respond';
import { createJobFromRequest } from './create-job';
import { rootElementName } from './parse';
import { OrganizationRateLimiter } from './rate-limit';
import {
  directJobResponseXml,
  directSignerResponseXml,
  directStatusXml,
  errorXml,
  portalJobResponseXml,
  portalStatusChangeXml,
  snapshotOf,
} from './xml-responses';

const POLL_HEADER = 'X-Next-permitted-poll-time';
const DELETE_AFTER_COMPLETION_MS = 24 * 3600 * 1000;

/** A kept-alive connection presents one certificate: read its organisation once per connection. */
const organizationOfSocket = new WeakMap<TLSSocket, string | undefined>();

function clientOrganization(req: IncomingMessage): string | undefined {
  const socket = req.socket as TLSSocket;
  if (organizationOfSocket.has(socket)) return organizationOfSocket.get(socket);
  const peer = socket.getPeerCertificate?.(false);
  const organization = peer?.raw ? organizationNumberOfCertificate(new X509Certificate(peer.raw).toString()) : undefined;
  organizationOfSocket.set(socket, organization);
  return organization;
}

function notFound(what = 'resource'): ApiError {
  return new ApiError(404, 'NOT_FOUND', `No such ${what}`);
}

/** Serves the mutual-TLS signature API under /api (reference section 2). */
export class ApiRouter {
  private readonly limiter: OrganizationRateLimiter;

  constructor(private readonly ctx: SandboxContext) {
    this.limiter = new OrganizationRateLimiter(ctx.settings.rateLimitPerSecond);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    const method = req.method ?? 'GET';
    try {
      const fault = this.ctx.faults.take(method, url.pathname);
      if (fault) {
        if (fault.kind === 'reset') {
          req.socket.destroy();
          return;
        }
        if (fault.kind === 'status') {
          const status = fault.status ?? 500;
          sendXml(res, status, errorXml('INJECTED_FAULT', `Fault injected by the sandbox control API (${status})`, status >= 500 ? 'SERVER' : 'CLIENT'));
          return;
        }
        if (fault.kind === 'garbage') {
          const junk = '<<<this is not XML \u0000\u0001 garbage from the sandbox fault injector';
          res.writeHead(fault.status ?? 200, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(junk) });
          res.end(junk);
          return;
        }
        // A slow network: if the client gives up (or dies) meanwhile, the request never arrives.
        const clientGone = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), fault.delayMs ?? 0);
          timer.unref();
          res.once('close', () => {
            clearTimeout(timer);
            resolve(true);
          });
        });
        if (clientGone) return;
      }
      await this.route(req, res, method, url);
    } catch (error) {
      if (error instanceof ApiError) sendApiError(res, error);
      else {
        console.error('sandbox API error:', error);
        sendXml(res, 500, errorXml('INTERNAL_ERROR', `The sandbox failed: ${(error as Error).message}`, 'SERVER'));
      }
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
    // Every answer is dated by the sandbox's own clock, as X-Next-permitted-poll-time is: a client
    // derives its wait from the two, so a moved sandbox clock must move both (as a real service's would).
    res.setHeader('Date', new Date(this.ctx.clock.nowMs()).toUTCString());
    const segments = url.pathname.split('/').filter(Boolean);
    if (segments[0] !== 'api' || !/^\d{9}$/.test(segments[1] ?? '')) throw notFound('API path');
    const org = segments[1];
    const certOrg = clientOrganization(req);
    if (certOrg !== org) {
      throw new ApiError(403, 'BROKER_NOT_AUTHORIZED', `Broker is not authorized: the client certificate belongs to ${certOrg ?? 'no organisation'}, which may not act for ${org}`);
    }
    if (!this.limiter.admit(org, this.ctx.clock.nowMs())) {
      const message = 'Too many requests: more than the permitted requests per second for this organisation; blocked for 30 seconds';
      res.writeHead(429, { DoSFilter: 'unavailable', 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(message) });
      res.end(message);
      return;
    }
    await this.ctx.engine.tick();

    const rest = segments.slice(2);
    if (rest.length === 0 && method === 'GET') {
      const text = `You are ${certOrg}`;
      res.writeHead(200, { 'Content-Type': 'text/plain;charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (rest[0] === 'archive' && rest[1] === 'documents' && rest[3] === 'pades' && rest.length === 4 && method === 'GET') {
      const job = this.ctx.store.getJob(Number(rest[2]));
      if (!job || job.org !== org) throw notFound('archived document');
      this.sendPades(res, job);
      return;
    }
    const flow = rest[0];
    if ((flow !== 'portal' && flow !== 'direct') || rest[1] !== 'signature-jobs') throw notFound('API path');
    if (rest.length === 2) {
      if (method === 'POST') return this.create(req, res, flow, org);
      if (method === 'GET') return this.poll(res, flow, org, url);
      throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
    }
    const job = this.ctx.store.getJob(Number(rest[2]));
    if (!job || job.org !== org || job.flow !== flow || !/^\d+$/.test(rest[2])) throw new ApiError(404, 'SIGNATURE_JOB_NOT_FOUND', `No ${flow} signature job ${rest[2]} for ${org}`);
    const action = `${method} ${rest.slice(3, 4).join('/')}${rest.length > 4 ? '/*' : ''}`;
    switch (action) {
      case 'GET status':
        if (flow !== 'direct' || rest.length !== 4) break;
        return this.directStatus(res, job, url);
      case 'POST signers/*':
        if (flow !== 'direct' || rest.length !== 5) break;
        return this.newRedirectUrl(req, res, job, rest[4]);
      case 'POST complete':
        return this.confirm(res, job);
      case 'POST cancel':
        if (flow !== 'portal') break;
        await this.ctx.engine.cancel(job.id);
        sendEmpty(res, 204);
        return;
      case 'DELETE documents':
        return this.deleteDocuments(res, job);
      case 'GET xades/*':
        if (rest.length !== 5) break;
        return this.sendXades(res, job, rest[4]);
      case 'GET pades':
        return this.sendPades(res, job);
    }
    throw notFound('API path');
  }

  private async create(req: IncomingMessage, res: ServerResponse, flow: Flow, org: string): Promise<void> {
    const job = await createJobFromRequest(this.ctx, req, flow, org);
    if (flow === 'portal') {
      sendXml(res, 200, portalJobResponseXml(job, this.ctx.urls));
      return;
    }
    const redirects = job.signers.map((s) => this.ctx.urls.redirect(this.ctx.engine.newRedirectToken(job, s)));
    sendXml(res, 200, directJobResponseXml(job, redirects, this.ctx.urls));
  }

  private poll(res: ServerResponse, flow: Flow, org: string, url: URL): void {
    // Absent, bare (`?polling_queue`, Java 7) and empty all mean the default queue.
    const queue = url.searchParams.get('polling_queue') ?? '';
    const { store, clock, settings } = this.ctx;
    const key = `nextPoll:${org}:${flow}:${queue}`;
    const now = clock.nowMs();
    const permitted = Number(store.getMeta(key) ?? '0');
    if (now < permitted) {
      const error = new ApiError(429, 'TOO_EAGER_POLLING', `Polled before the permitted time ${new Date(permitted).toISOString()}`);
      sendApiError(res, error, { [POLL_HEADER]: new Date(permitted).toISOString() });
      return;
    }
    const item = store.takeNextVisible(org, flow, queue, now, now + settings.redeliverySeconds * 1000);
    if (!item) {
      const next = now + settings.emptyQueueDelaySeconds * 1000;
      store.setMeta(key, String(next));
      sendEmpty(res, 204, { [POLL_HEADER]: new Date(next).toISOString() });
      return;
    }
    store.setMeta(key, String(now));
    const job = store.getJob(item.jobId);
    if (!job) throw new Error(`queued change refers to missing job ${item.jobId}`);
    const xml = flow === 'portal'
      ? portalStatusChangeXml(job, item.snapshot, this.ctx.urls)
      : directStatusXml(job, item.snapshot, this.ctx.urls, { withConfirmation: true });
    sendXml(res, 200, xml, { [POLL_HEADER]: new Date(now).toISOString() });
  }

  private directStatus(res: ServerResponse, job: JobRecord, url: URL): void {
    const token = url.searchParams.get('status_query_token');
    if (!token || !job.statusQueryTokens.includes(token)) {
      // A token the job never issued is refused as such (reference 2.3, 6), whatever the job's state;
      // only a call without one, before any signer reached an exit URL, is "too early".
      if (!token && job.statusQueryTokens.length === 0) {
        throw new ApiError(404, 'SIGNING_CEREMONY_NOT_COMPLETED', 'No signer has finished the signing ceremony yet; query the status after the redirect to an exit URL');
      }
      throw new ApiError(403, 'INVALID_STATUS_QUERY_TOKEN', 'The status_query_token is not valid for this job');
    }
    sendXml(res, 200, directStatusXml(job, snapshotOf(job), this.ctx.urls, { withConfirmation: job.status !== 'IN_PROGRESS' }));
  }

  private async newRedirectUrl(req: IncomingMessage, res: ServerResponse, job: JobRecord, signerId: string): Promise<void> {
    // Java sends a bogus `Content-Encoding: UTF-8`; the body is plain XML regardless. .NET sends none.
    const body = (await readBody(req, 100_000)).toString('utf8').trim();
    if (body) {
      const result = await validateAgainstPostenSchema(body);
      if (!result.valid) throw new ApiError(400, 'SCHEMA_VALIDATION_ERROR', `Xml-message was not in accordance to schema: ${result.errors.join('; ')}`);
      if (rootElementName(body) !== 'direct-signer-update-request') {
        throw new ApiError(400, 'SCHEMA_VALIDATION_ERROR', 'Xml-message was not in accordance to schema: expected direct-signer-update-request');
      }
    }
    const signer = job.signers.find((s) => String(s.id) === signerId);
    if (!signer) throw new ApiError(404, 'SIGNER_NOT_FOUND', `Job ${job.id} has no signer ${signerId}`);
    if (job.status !== 'IN_PROGRESS' || signer.status !== 'WAITING') {
      throw new ApiError(409, 'SIGNER_CANNOT_ACT', `Signer ${signerId} is ${signer.status} in a job that is ${job.status}; a new redirect URL would be of no use`);
    }
    const redirect = this.ctx.urls.redirect(this.ctx.engine.newRedirectToken(job, signer));
    sendXml(res, 200, directSignerResponseXml(job, signer, redirect, this.ctx.urls));
  }

  private async confirm(res: ServerResponse, job: JobRecord): Promise<void> {
    await this.ctx.engine.exclusive(() => {
      this.ctx.store.confirmDelivered(job.id);
      const fresh = this.ctx.engine.requireJob(job.id);
      if (fresh.status !== 'IN_PROGRESS') {
        fresh.confirmed = true;
        this.ctx.store.saveJob(fresh);
      }
    });
    sendEmpty(res, 200);
  }

  private async deleteDocuments(res: ServerResponse, job: JobRecord): Promise<void> {
    if (job.documentsDeleted) {
      sendEmpty(res, 204);
      return;
    }
    if (job.status !== 'COMPLETED_SUCCESSFULLY' || !job.completedAt) {
      throw new ApiError(409, 'DOCUMENTS_NOT_DELETABLE', `Documents can only be deleted once every signer has signed; job ${job.id} is ${job.status}`);
    }
    const earliest = new Date(job.completedAt).getTime() + DELETE_AFTER_COMPLETION_MS;
    if (this.ctx.clock.nowMs() < earliest) {
      throw new ApiError(409, 'DOCUMENTS_NOT_DELETABLE', `Documents can be deleted 24 hours after completion at the earliest, i.e. from ${new Date(earliest).toISOString()}`);
    }
    await this.ctx.engine.exclusive(() => {
      const fresh = this.ctx.engine.requireJob(job.id);
      fresh.documentsDeleted = true;
      this.ctx.store.saveJob(fresh);
      this.ctx.store.deleteJobFiles(job.id);
    });
    sendEmpty(res, 204);
  }

  private sendXades(res: ServerResponse, job: JobRecord, signerId: string): void {
    const signer = job.signers.find((s) => String(s.id) === signerId);
    if (job.documentsDeleted) throw new ApiError(404, 'DOCUMENTS_DELETED', `The documents of job ${job.id} have been deleted`);
    const xades = signer && signer.status === 'SIGNED' ? this.ctx.store.readJobFile(job.id, xadesFileName(signer)) : undefined;
    if (!xades) throw new ApiError(404, 'SIGNATURE_NOT_FOUND', `Job ${job.id} has no signature ${signerId}`);
    res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': xades.length });
    res.end(xades);
  }

  private sendPades(res: ServerResponse, job: JobRecord): void {
    if (job.documentsDeleted) throw new ApiError(404, 'DOCUMENTS_DELETED', `The documents of job ${job.id} have been deleted`);
    const pdf = job.hasPades ? this.ctx.store.readJobFile(job.id, RESULT_PDF) : undefined;
    if (!pdf) throw new ApiError(404, 'PADES_NOT_AVAILABLE', `Job ${job.id} has no signed document yet`);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': pdf.length });
    res.end(pdf);
  }
}
