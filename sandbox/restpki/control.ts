// The Rest PKI Core sandbox's control API (JSON over plain HTTP on its control port): act as the
// signer, end sessions, make processing fail, inject faults into the API, move the clock, and tune
// processing and long-poll times. Same conventions as Posten's control API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { faultSchema } from '../control/faults';
import { ApiError } from '../core/errors';
import { readBody, sendJson } from '../http/respond';
import type { RestPkiContext } from './context';
import { StateConflict, RestPkiError } from './errors';
import { describePerson, findPerson, TEST_PERSONS } from './persons';
import type { SessionRecord } from './store';

class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const signSchema = z.object({ person: z.string().optional() });
const failSchema = z.object({ code: z.string().min(1).max(200).optional() });
const advanceSchema = z.object({ seconds: z.number().finite() });
const settingsSchema = z.object({
  processingSeconds: z.number().min(0).nullable().optional(),
  whenCompletedWaitSeconds: z.number().min(0).max(600).optional(),
  fileUrls: z.enum(['absolute', 'relative']).optional(),
  documentRetentionSeconds: z.number().min(0).optional(),
});

async function jsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const text = (await readBody(req, 1_000_000)).toString('utf8');
  let value: unknown;
  try {
    value = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new ControlError(400, 'INVALID_JSON', 'The body is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ControlError(400, 'INVALID_BODY', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

/**
 * Any web page the user opens may send requests to 127.0.0.1: one naming a foreign Origin is refused,
 * and a body must be JSON (which a page cannot send to another origin without a preflight this API
 * never grants). The signing pages' own forms are not part of this API.
 */
function refuseCrossSite(ctx: RestPkiContext, req: IncomingMessage, method: string): void {
  const control = new URL(ctx.controlUrl);
  const own = new Set([control.origin, `${control.protocol}//localhost:${control.port}`, new URL(ctx.endpoint).origin]);
  const origin = req.headers.origin;
  if (origin !== undefined && !own.has(origin)) {
    throw new ControlError(403, 'FOREIGN_ORIGIN', `Requests from ${origin.slice(0, 200)} are not accepted; the control API serves the sandbox's own pages and local tools only.`);
  }
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined || req.headers['content-type'] !== undefined;
  const isJson = /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
  if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && hasBody && !isJson) {
    throw new ControlError(415, 'UNSUPPORTED_MEDIA_TYPE', 'A request body must be JSON, sent with Content-Type: application/json.');
  }
}

export function describeSession(ctx: RestPkiContext, session: SessionRecord): Record<string, unknown> {
  const person = session.signer ? findPerson(session.signer.personId) : undefined;
  return {
    id: session.id,
    status: session.status,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
    redirectUrl: ctx.engine.pageUrl(session),
    returnUrl: session.returnUrl,
    callbackArgument: session.callbackArgument,
    backgroundProcessing: session.backgroundProcessing,
    disableDownloads: session.disableDownloads,
    securityContextId: session.securityContextId,
    certificateRequirements: session.requirements,
    signer: session.signer && person ? { ...describePerson(person), signedAt: session.signer.signedAt } : null,
    processingEndsAt: session.processingEndsAt ?? null,
    failProcessingWith: session.failProcessingWith ?? null,
    processingErrorCode: session.processingErrorCode,
    progress: ctx.engine.progress(session),
    whenCompletedCallsWaiting: ctx.engine.waitingCalls(session.id),
    endedAt: session.endedAt ?? null,
    documents: ctx.engine.documentsOf(session).map((d) => ({
      id: d.id,
      name: d.original.name,
      status: d.status,
      formattedKey: ctx.engine.documentSummary(d).formattedKey,
      availableUntil: d.availableUntil,
    })),
  };
}

function settingsView(ctx: RestPkiContext) {
  const { processingSeconds, whenCompletedWaitMs, fileUrls, documentRetentionSeconds } = ctx.engine.settings;
  return { processingSeconds, whenCompletedWaitSeconds: whenCompletedWaitMs / 1000, fileUrls, documentRetentionSeconds };
}

export async function handleRestPkiControl(ctx: RestPkiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const { engine } = ctx;
  try {
    refuseCrossSite(ctx, req, method);
    engine.tick();
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/') {
      return sendJson(res, 200, { endpoint: ctx.endpoint, controlUrl: ctx.controlUrl, now: ctx.clock.iso(), settings: settingsView(ctx), persons: TEST_PERSONS.map(describePerson) });
    }
    if (method === 'GET' && path === '/persons') return sendJson(res, 200, TEST_PERSONS.map(describePerson));
    if (method === 'GET' && path === '/sessions') return sendJson(res, 200, ctx.store.listSessions().map((s) => describeSession(ctx, s)));
    if ((match = /^\/sessions\/([0-9a-fA-F-]{36})(?:\/(sign|cancel|expire|fail-processing|finish-processing))?$/.exec(path))) {
      const id = match[1].toLowerCase();
      const action = match[2];
      if (!action && method === 'GET') return sendJson(res, 200, describeSession(ctx, engine.requireSession(id)));
      if (!action || method !== 'POST') throw new ControlError(405, 'METHOD_NOT_ALLOWED', `${method} ${path}`);
      let session: SessionRecord;
      if (action === 'sign') session = await engine.sign(id, (await jsonBody(req, signSchema)).person);
      else if (action === 'cancel') session = await engine.cancel(id);
      else if (action === 'expire') session = await engine.expire(id);
      else if (action === 'fail-processing') session = await engine.failProcessing(id, (await jsonBody(req, failSchema)).code ?? 'SandboxProcessingError');
      else session = await engine.finishProcessing(id);
      // sign and cancel: where the browser would go next (returnUrl?signatureSessionId=…, or the "close this tab" page)
      const redirect = action === 'sign' || action === 'cancel' ? { redirect: engine.finishUrl(session) } : {};
      return sendJson(res, 200, { ...redirect, session: describeSession(ctx, session) });
    }
    if (method === 'GET' && path === '/clock') return sendJson(res, 200, { now: ctx.clock.iso() });
    if (method === 'POST' && path === '/clock/advance') {
      const { seconds } = await jsonBody(req, advanceSchema);
      ctx.clock.advance(seconds);
      engine.tick();
      return sendJson(res, 200, { now: ctx.clock.iso() });
    }
    if (path === '/faults') {
      if (method === 'GET') return sendJson(res, 200, ctx.faults.list());
      if (method === 'POST') {
        const spec = await jsonBody(req, faultSchema);
        try {
          ctx.faults.add(spec);
        } catch (error) {
          throw new ControlError(400, 'INVALID_BODY', `match: ${(error as Error).message}`);
        }
        return sendJson(res, 201, ctx.faults.list());
      }
      if (method === 'DELETE') {
        ctx.faults.clear();
        return sendJson(res, 200, []);
      }
    }
    if (path === '/settings') {
      if (method === 'POST') {
        const changes = await jsonBody(req, settingsSchema);
        if (changes.processingSeconds !== undefined) engine.settings.processingSeconds = changes.processingSeconds;
        if (changes.whenCompletedWaitSeconds !== undefined) engine.settings.whenCompletedWaitMs = Math.round(changes.whenCompletedWaitSeconds * 1000);
        if (changes.fileUrls !== undefined) engine.settings.fileUrls = changes.fileUrls;
        if (changes.documentRetentionSeconds !== undefined) engine.settings.documentRetentionSeconds = changes.documentRetentionSeconds;
      } else if (method !== 'GET') throw new ControlError(405, 'METHOD_NOT_ALLOWED', `${method} /settings`);
      return sendJson(res, 200, settingsView(ctx));
    }
    throw new ControlError(404, 'NOT_FOUND', `No control endpoint ${method} ${path}`);
  } catch (error) {
    if (error instanceof ControlError) sendJson(res, error.status, { error: error.code, message: error.message });
    else if (error instanceof StateConflict) sendJson(res, 409, { error: error.code, message: error.message });
    else if (error instanceof RestPkiError) sendJson(res, 404, { error: error.code, message: error.message });
    else if (error instanceof ApiError) sendJson(res, error.httpStatus, { error: error.code, message: error.message });
    else {
      console.error('restpki sandbox control error:', error);
      sendJson(res, 500, { error: 'INTERNAL_ERROR', message: (error as Error).message });
    }
  }
}
