import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SandboxContext } from '../core/context';
import { ApiError } from '../core/errors';
import type { JobRecord } from '../core/model';
import { signerDisplayIdentifier, signerOrderGroups } from '../core/model';
import { readBody, sendJson } from '../http/respond';
import { faultSchema } from './faults';

export function describeJob(ctx: SandboxContext, job: JobRecord): Record<string, unknown> {
  const groups = signerOrderGroups(job);
  return {
    id: job.id,
    flow: job.flow,
    organizationNumber: job.org,
    reference: job.reference ?? null,
    pollingQueue: job.pollingQueue || null,
    title: job.title,
    status: job.status,
    createdAt: job.createdAt,
    completedAt: job.completedAt ?? null,
    activeOrder: job.status === 'IN_PROGRESS' ? groups[job.activeGroup] : null,
    /** Status changes of the job not yet confirmed by the client (handed out or waiting). */
    queuedChanges: ctx.store.queuedChangesOf(job.id),
    documentsDeleted: job.documentsDeleted === true,
    deadline: job.status === 'IN_PROGRESS' ? new Date(ctx.engine.deadline(job)).toISOString() : null,
    signers: job.signers.map((s) => ({
      index: s.index,
      order: s.order,
      identifier: signerDisplayIdentifier(s),
      status: s.status,
      since: s.since,
      canSignNow: ctx.engine.canAct(job, s),
      page: `${ctx.webRoot}/jobs/${job.id}/signers/${s.index}`,
    })),
  };
}

const advanceSchema = z.object({ seconds: z.number().finite() });
const autosignSchema = z.object({ afterSeconds: z.number().min(0).nullable() });

async function jsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const text = (await readBody(req, 1_000_000)).toString('utf8');
  let value: unknown;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(400, 'INVALID_JSON', 'The body is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, 'INVALID_BODY', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

/** The sandbox's own pages (the signer pages on the control port, under 127.0.0.1 or localhost) and its API. */
function ownOrigins(ctx: SandboxContext): Set<string> {
  const web = new URL(ctx.webRoot);
  return new Set([web.origin, `${web.protocol}//localhost:${web.port}`, new URL(ctx.apiRoot).origin]);
}

/**
 * Any web page the user opens could send requests to a port on 127.0.0.1. A browser names the page's
 * origin on such a request, and cannot send a JSON body to another origin without asking first
 * (a preflight this API never grants); a form or `text/plain` fetch can. Tools (curl, tests, the
 * app) send no Origin.
 */
function refuseCrossSite(ctx: SandboxContext, req: IncomingMessage, method: string): void {
  const origin = req.headers.origin;
  if (origin !== undefined && !ownOrigins(ctx).has(origin)) {
    throw new ApiError(403, 'FOREIGN_ORIGIN', `Requests from ${origin.slice(0, 200)} are not accepted; the control API serves the sandbox's own pages and local tools only.`);
  }
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined || req.headers['content-type'] !== undefined;
  const isJson = /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
  if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && hasBody && !isJson) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'A request body must be JSON, sent with Content-Type: application/json.');
  }
}

/** The JSON control API for tests and demos (issue #3 item 10), on the plain-HTTP port. */
export async function handleControl(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '') || '/';
  try {
    refuseCrossSite(ctx, req, method);
    await ctx.engine.tick();
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/') {
      return sendJson(res, 200, { apiRoot: ctx.apiRoot, webRoot: ctx.webRoot, now: ctx.clock.iso(), autosignAfterSeconds: ctx.engine.autosignAfterSeconds ?? null });
    }
    if (method === 'GET' && path === '/jobs') return sendJson(res, 200, ctx.store.listJobs().map((j) => describeJob(ctx, j)));
    if (method === 'GET' && (match = /^\/jobs\/(\d+)$/.exec(path))) return sendJson(res, 200, describeJob(ctx, ctx.engine.requireJob(Number(match[1]))));
    if (method === 'POST' && (match = /^\/jobs\/(\d+)\/signers\/(\d+)\/(sign|reject)$/.exec(path))) {
      const [jobId, index] = [Number(match[1]), Number(match[2])];
      const result = match[3] === 'sign' ? await ctx.engine.sign(jobId, index) : await ctx.engine.reject(jobId, index);
      return sendJson(res, 200, { ...(result.redirect ? { redirect: result.redirect } : {}), job: describeJob(ctx, result.job) });
    }
    if (method === 'POST' && (match = /^\/jobs\/(\d+)\/expire$/.exec(path))) {
      return sendJson(res, 200, { job: describeJob(ctx, await ctx.engine.expire(Number(match[1]))) });
    }
    if (method === 'GET' && path === '/clock') return sendJson(res, 200, { now: ctx.clock.iso() });
    if (method === 'POST' && path === '/clock/advance') {
      const { seconds } = await jsonBody(req, advanceSchema);
      ctx.clock.advance(seconds);
      await ctx.engine.tick();
      return sendJson(res, 200, { now: ctx.clock.iso() });
    }
    if (path === '/faults') {
      if (method === 'GET') return sendJson(res, 200, ctx.faults.list());
      if (method === 'POST') {
        const spec = await jsonBody(req, faultSchema);
        try {
          ctx.faults.add(spec);
        } catch (error) {
          throw new ApiError(400, 'INVALID_BODY', `match: ${(error as Error).message}`);
        }
        return sendJson(res, 201, ctx.faults.list());
      }
      if (method === 'DELETE') {
        ctx.faults.clear();
        return sendJson(res, 200, []);
      }
    }
    if (path === '/autosign') {
      if (method === 'POST') {
        const { afterSeconds } = await jsonBody(req, autosignSchema);
        ctx.engine.autosignAfterSeconds = afterSeconds ?? undefined;
      } else if (method === 'DELETE') ctx.engine.autosignAfterSeconds = undefined;
      else if (method !== 'GET') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} /autosign`);
      await ctx.engine.tick();
      return sendJson(res, 200, { afterSeconds: ctx.engine.autosignAfterSeconds ?? null });
    }
    throw new ApiError(404, 'NOT_FOUND', `No control endpoint ${method} ${path}`);
  } catch (error) {
    if (error instanceof ApiError) sendJson(res, error.httpStatus, { error: error.code, message: error.message });
    else {
      console.error('sandbox control error:', error);
      sendJson(res, 500, { error: 'INTERNAL_ERROR', message: (error as Error).message });
    }
  }
}
