import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../core/clock';
import type { SandboxPki } from '../pki/index';
import { TridentError, badRequest } from './errors';
import {
  PADES_TYPES,
  PDF_POLICY,
  PROCESS_TYPES,
  RESOURCES_PREFIX,
  XML_POLICY,
  identitiesMatching,
  type DocumentRecord,
  type DocumentStatus,
  type ProcessDocument,
  type ProcessRecord,
  type ProcessStatus,
  type ResultRecord,
  type SignatureDefinition,
  type SigningIdentity,
} from './model';
import { signPdfDocument } from './pades-document';
import type { TridentStore } from './store';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** 32 lowercase base32 characters, like the ids TRIDENT hands out (clients must treat them as opaque). */
export function newId(): string {
  return [...randomBytes(32)].map((b) => BASE32[b % 32]).join('');
}

export const MAX_BATCH_DOCUMENTS = 100;

export interface CreateProcessInput {
  process: unknown;
  /** The multipart create's `document` part. */
  document?: { bytes: Buffer; contentType: string };
}

export interface Outcome {
  process: ProcessRecord;
  /** Where the browser goes now: finish_callback_url with status and signer_process_id added. */
  redirect: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const modelError = (description: string): TridentError => badRequest('ModelValidationException', description);

/**
 * A signature definition as a process's `signer` or a POST /documents `signers` entry carries it:
 * only `signature_policy_id` and `parameters` (B5), PAdES only (the sandbox signs PDFs only).
 */
export function parseSignatureDefinition(value: unknown, where: string): SignatureDefinition {
  if (!isObject(value)) throw modelError(`${where} must be an object`);
  const extra = Object.keys(value).filter((key) => key !== 'signature_policy_id' && key !== 'parameters');
  if (extra.length) throw badRequest('IllegalArgumentException', `${where} may only have signature_policy_id and parameters, not ${extra.join(', ').slice(0, 200)}`);
  const policy = value.signature_policy_id;
  if (typeof policy !== 'string' || !policy) throw badRequest('SignaturePolicyNotFoundException', `${where}.signature_policy_id is missing`);
  if (policy === XML_POLICY) throw badRequest('SignaturePolicyNotSupportedException', 'The sandbox signs PDF documents only (XAdES is not supported)');
  if (policy !== PDF_POLICY) throw badRequest('SignaturePolicyNotSupportedException', `Unknown signature policy ${policy.slice(0, 200)}`);
  const parameters = value.parameters;
  if (parameters !== undefined) {
    if (!isObject(parameters)) throw badRequest('UnexpectedSignerParametersTypeException', `${where}.parameters must be an object`);
    if (parameters.type !== undefined && !(PADES_TYPES as readonly unknown[]).includes(parameters.type)) {
      throw badRequest('NotSupportedSignatureParametersException', `${where}.parameters.type must be one of ${PADES_TYPES.join(', ')}`);
    }
    const hasPolicyIdentifier = parameters.policy_identifier !== undefined;
    if (hasPolicyIdentifier !== (parameters.type === 'pades-epes')) {
      throw badRequest('NotSupportedSignatureParametersException', 'policy_identifier is required for pades-epes and not allowed otherwise');
    }
  }
  return { id: newId(), signature_policy_id: policy, ...(parameters === undefined ? {} : { parameters }) };
}

function parseLabels(value: unknown): string[][] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((set) => Array.isArray(set) && set.every((label) => typeof label === 'string'))) {
    throw modelError('labels must be a list of lists of strings (an OR of ANDs)');
  }
  return value as string[][];
}

function parseCallbackUrl(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value) throw modelError(`${field} is required`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badRequest('IllegalArgumentException', `${field} is not an absolute URL`);
  }
  if (['javascript:', 'data:', 'file:', 'vbscript:', 'blob:'].includes(url.protocol)) throw badRequest('IllegalArgumentException', `${field} may not use ${url.protocol}`);
  if (value.length > 4096) throw badRequest('IllegalArgumentException', `${field} is longer than 4096 characters`);
  return value;
}

/** finish_callback_url with `status` and `signer_process_id` appended, its own query and fragment kept as sent. */
export function callbackUrl(base: string, status: string, processId: string): string {
  const hash = base.indexOf('#');
  const [beforeHash, fragment] = hash < 0 ? [base, ''] : [base.slice(0, hash), base.slice(hash)];
  const separator = !beforeHash.includes('?') ? '?' : beforeHash.endsWith('?') || beforeHash.endsWith('&') ? '' : '&';
  return `${beforeHash}${separator}status=${encodeURIComponent(status)}&signer_process_id=${encodeURIComponent(processId)}${fragment}`;
}

export interface TridentSettings {
  tokenLifetimeSeconds: number;
  /** Running processes sign themselves (first matching identity) this long after creation; undefined: never. */
  autosignAfterSeconds?: number;
}

export class TridentService {
  private chain: Promise<unknown> = Promise.resolve();
  baseUrl = '';
  /** Where task URLs point: the HTTPS base, or the plain-HTTP control port (browserPagesOnControlPort). */
  pagesBaseUrl = '';

  constructor(
    readonly store: TridentStore,
    readonly clock: SandboxClock,
    private readonly pki: SandboxPki,
    readonly identities: SigningIdentity[],
    readonly settings: TridentSettings,
  ) {}

  /** One change at a time: two clicks on Sign, or autosign beside a click, never sign twice. */
  exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  get resourcesRoot(): string {
    return `${this.baseUrl}${RESOURCES_PREFIX}`;
  }

  taskUrl(process: ProcessRecord): string {
    return `${this.pagesBaseUrl || this.baseUrl}${RESOURCES_PREFIX}/ui?signerProcessId=${encodeURIComponent(process.id)}`;
  }

  // ---- documents -------------------------------------------------------------------------------

  createDocument(bytes: Buffer, contentType: string, signers: SignatureDefinition[]): DocumentRecord {
    if (bytes.length === 0) throw modelError('The document is empty');
    const document: DocumentRecord = { id: newId(), contentType, signers, createdAt: this.clock.iso() };
    this.store.saveDocument(document, bytes);
    return document;
  }

  requireDocument(id: string): DocumentRecord {
    const document = this.store.getDocument(id);
    if (!document) throw new TridentError(404, 'DocumentNotFoundException', `Document ${id.slice(0, 64)} does not exist`);
    return document;
  }

  deleteDocument(id: string): void {
    const document = this.requireDocument(id);
    const process = document.processId ? this.store.getProcess(document.processId) : undefined;
    if (process && !process.result) throw new TridentError(409, 'InvalidStateException', `Document ${id} belongs to process ${process.id}, which is still running`);
    this.store.deleteDocument(id);
  }

  documentView(document: DocumentRecord): Record<string, unknown> {
    const self = `${this.resourcesRoot}/documents/${document.id}`;
    return { id: document.id, self, signers: document.signers.map((s) => ({ id: s.id, self: `${self}/signers/${s.id}` })) };
  }

  // ---- processes -------------------------------------------------------------------------------

  createProcess(input: CreateProcessInput): ProcessRecord {
    const body = input.process;
    if (!isObject(body)) throw modelError('The process must be a JSON object');
    const processType = body.process_type;
    if (typeof processType !== 'string' || !processType) throw modelError('process_type is required');
    if (!(PROCESS_TYPES as readonly string[]).includes(processType)) throw badRequest('IllegalArgumentException', `Unknown process_type ${processType.slice(0, 200)}`);
    const warnings: string[] = [];
    let finishCallbackUrl: string;
    if (body.finish_callback_url === undefined && body.finished_callback_url !== undefined) {
      finishCallbackUrl = parseCallbackUrl(body.finished_callback_url, 'finished_callback_url');
      warnings.push('finished_callback_url was used; the documented field is finish_callback_url');
    } else {
      finishCallbackUrl = parseCallbackUrl(body.finish_callback_url, 'finish_callback_url');
    }
    const labels = parseLabels(body.labels);
    const uiLocales = body.ui_locales;
    if (uiLocales !== undefined && !(Array.isArray(uiLocales) && uiLocales.every((l) => typeof l === 'string'))) throw modelError('ui_locales must be a list of strings');
    const views = body.views;
    let skipServerId = false;
    let agreementHtml: string | undefined;
    if (views !== undefined) {
      if (!isObject(views) || !isObject(views.document_agreement)) throw modelError('views.document_agreement is required inside views');
      const agreement = views.document_agreement;
      const skip = agreement.skip_server_id;
      // UAE PASS clients send it as a string too (B5).
      if (skip !== undefined && ![true, false, 'true', 'false'].includes(skip as never)) throw modelError('views.document_agreement.skip_server_id must be a boolean');
      skipServerId = skip === true || skip === 'true';
      const info = agreement.document_info;
      if (info !== undefined) {
        if (!isObject(info) || typeof info.html_body_content !== 'string') throw modelError('views.document_agreement.document_info.html_body_content must be a base64 string');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(info.html_body_content.replace(/\s+/g, ''))) throw badRequest('IllegalArgumentException', 'html_body_content is not base64');
        agreementHtml = Buffer.from(info.html_body_content, 'base64').toString('utf8');
      }
    }
    if (body.timestamp !== undefined && !isObject(body.timestamp)) throw modelError('timestamp must be an object');
    const signer = body.signer === undefined ? undefined : parseSignatureDefinition(body.signer, 'signer');

    const id = newId();
    const documents: ProcessDocument[] = [];
    if (input.document) {
      if (body.documents !== undefined) throw modelError('A multipart process takes its document from the document part, not documents[]');
      if (!signer) throw badRequest('MandatorySignatureException', 'The process has no signature definition (signer)');
      if (input.document.contentType !== 'application/pdf') {
        throw badRequest('SignaturePolicyNotSupportedException', `The PDF policy signs application/pdf documents, not ${input.document.contentType.slice(0, 100)}`);
      }
      const document = this.createDocument(input.document.bytes, input.document.contentType, [signer]);
      documents.push({ id: document.id, ownedByProcess: true });
      this.store.saveDocument({ ...document, processId: id });
    } else {
      const list = body.documents;
      if (!Array.isArray(list) || list.length === 0) throw modelError('documents must list the ids of documents created with POST /documents (hash signing is not supported by the sandbox)');
      if (list.length > MAX_BATCH_DOCUMENTS) throw badRequest('IllegalArgumentException', `At most ${MAX_BATCH_DOCUMENTS} documents per process`);
      const seen = new Set<string>();
      const records = list.map((entry, i) => {
        if (!isObject(entry) || typeof entry.id !== 'string') throw modelError(`documents[${i}].id is required`);
        if (seen.has(entry.id)) throw badRequest('IllegalArgumentException', `Document ${entry.id.slice(0, 64)} is listed twice`);
        seen.add(entry.id);
        const document = this.requireDocument(entry.id);
        if (document.processId) throw new TridentError(409, 'InvalidStateException', `Document ${document.id} is already in process ${document.processId}`);
        if (document.contentType !== 'application/pdf') throw badRequest('SignaturePolicyNotSupportedException', `Document ${document.id} is ${document.contentType}, not application/pdf`);
        if (!signer && document.signers.length === 0) throw badRequest('MandatorySignatureException', `Document ${document.id} has no signature definition and the process has no signer`);
        return document;
      });
      this.store.transaction(() => {
        for (const document of records) {
          this.store.saveDocument({ ...document, processId: id });
          documents.push({ id: document.id, ownedByProcess: false });
        }
      });
    }
    const process: ProcessRecord = {
      id,
      taskId: newId(),
      processType,
      createdAt: this.clock.iso(),
      ...(labels ? { labels } : {}),
      ...(uiLocales ? { uiLocales: uiLocales as string[] } : {}),
      finishCallbackUrl,
      skipServerId,
      ...(agreementHtml !== undefined ? { agreementHtml } : {}),
      ...(signer ? { signer } : {}),
      documents,
      warnings,
    };
    this.store.saveProcess(process);
    return process;
  }

  requireProcess(id: string): ProcessRecord {
    const process = this.store.getProcess(id);
    if (!process) throw new TridentError(404, 'ProcessNotFoundException', `Signer process ${id.slice(0, 64)} does not exist`);
    return process;
  }

  /** 404 while running, 410 when unknown or deleted (B4/B7). */
  result(id: string): ResultRecord<ProcessStatus> {
    const process = this.store.getProcess(id);
    if (!process) throw new TridentError(410, 'GoneException', `Signer process ${id.slice(0, 64)} does not exist`);
    if (!process.result) throw new TridentError(404, 'ItemNotFoundException', 'The signer process has not finished yet');
    return process.result;
  }

  deleteProcess(id: string): void {
    const process = this.requireProcess(id);
    this.store.transaction(() => {
      for (const document of process.documents) if (document.ownedByProcess) this.store.deleteDocument(document.id);
      this.store.deleteProcess(id);
    });
  }

  processDocumentsView(process: ProcessRecord): Record<string, unknown>[] {
    return process.documents.map((d) => {
      const url = `${this.resourcesRoot}/documents/${d.id}`;
      return { id: d.id, url, content: `${url}/content`, ...(d.result ? { result: d.result } : {}) };
    });
  }

  processView(process: ProcessRecord): Record<string, unknown> {
    const identity = process.identityId ? this.identities.find((i) => i.id === process.identityId) : undefined;
    return {
      id: process.id,
      self: `${this.resourcesRoot}/signer_processes/${process.id}`,
      process_type: process.processType,
      ...(identity
        ? { signing_information: { labels: identity.labels, sign_identity: { id: identity.id, url: `${this.baseUrl}/trustedx-resources/esigp/v1/sign_identities/${identity.id}` } } }
        : {}),
      ...(process.result ? { result: process.result } : {}),
      tasks: { pending: process.result ? [] : [{ id: process.taskId, type: 'UserBrowserTask', url: this.taskUrl(process) }] },
      documents: this.processDocumentsView(process),
    };
  }

  // ---- running a process ------------------------------------------------------------------------

  matchingIdentities(process: ProcessRecord): SigningIdentity[] {
    return identitiesMatching(this.identities, process.labels);
  }

  /** The agreement page is shown unless the identity is a server one and the process asked to skip it. */
  agreementSkipped(process: ProcessRecord, identity: SigningIdentity): boolean {
    return identity.kind === 'server' && process.skipServerId;
  }

  private requireRunning(id: string): ProcessRecord {
    const process = this.requireProcess(id);
    if (process.result) throw new TridentError(409, 'InvalidStateException', `Signer process ${id} has ended (${process.result.status})`);
    return process;
  }

  private finish(process: ProcessRecord, result: ResultRecord<ProcessStatus>, documentResult: (d: ProcessDocument) => ResultRecord<DocumentStatus>): Outcome {
    const ended: ProcessRecord = {
      ...process,
      result,
      finishedAt: this.clock.iso(),
      documents: process.documents.map((d) => ({ ...d, result: documentResult(d) })),
    };
    this.store.saveProcess(ended);
    return { process: ended, redirect: callbackUrl(ended.finishCallbackUrl, result.status, ended.id) };
  }

  /** The person picked an identity: kept, and shown as signing_information from now on. */
  chooseIdentity(id: string, identityId: string): Promise<ProcessRecord> {
    return this.exclusive(() => {
      const process = this.requireRunning(id);
      const identity = this.matchingIdentities(process).find((i) => i.id === identityId);
      if (!identity) throw new TridentError(400, 'IncorrectSignIdentitySelectorsException', `Identity ${identityId.slice(0, 64)} does not match the process's labels`);
      const chosen = { ...process, identityId: identity.id };
      this.store.saveProcess(chosen);
      return chosen;
    });
  }

  /** No identity matches the labels: the process ends with an error (B5 "labels"). */
  failForLabels(id: string): Promise<Outcome> {
    return this.exclusive(() => this.failNow(this.requireRunning(id), 'IncorrectSignIdentitySelectorsException: no signing identity matches the labels of the process'));
  }

  private failNow(process: ProcessRecord, message: string): Outcome {
    return this.finish(process, { status: 'failed', details: { message } }, () => ({ status: 'failed', details: { message } }));
  }

  fail(id: string, message = 'The signature failed (sandbox)'): Promise<Outcome> {
    return this.exclusive(() => this.failNow(this.requireRunning(id), message));
  }

  cancel(id: string): Promise<Outcome> {
    return this.exclusive(() => this.finish(this.requireRunning(id), { status: 'canceled' }, () => ({ status: 'canceled' })));
  }

  /**
   * Signs every document of the process with the identity (the one chosen on the page, else the one
   * given, else the first that matches), each as PAdES with the identity's sandbox certificate. A
   * document that cannot be signed (broken PDF, or named in `failDocuments`) fails alone:
   * finished / failed_documents / failed.
   */
  sign(id: string, options: { identityId?: string; failDocuments?: string[] } = {}): Promise<Outcome> {
    return this.exclusive(async () => {
      const process = this.requireRunning(id);
      const matching = this.matchingIdentities(process);
      if (matching.length === 0) return this.failNow(process, 'IncorrectSignIdentitySelectorsException: no signing identity matches the labels of the process');
      const wanted = options.identityId ?? process.identityId;
      const identity = wanted ? matching.find((i) => i.id === wanted) : matching[0];
      if (!identity) throw new TridentError(400, 'IncorrectSignIdentitySelectorsException', `Identity ${String(wanted).slice(0, 64)} does not match the process's labels`);
      const keyPair = await this.pki.signerKeyPair({ id: `trident-${identity.id}`, displayName: identity.name });
      const signingTime = this.clock.now();
      const results = new Map<string, ResultRecord<DocumentStatus>>();
      const signed = new Map<string, Buffer>();
      for (const entry of process.documents) {
        const document = this.store.getDocument(entry.id);
        const bytes = this.store.documentContent(entry.id);
        if (!document || !bytes) {
          results.set(entry.id, { status: 'failed', details: { message: 'The document was deleted before it was signed' } });
          continue;
        }
        if (options.failDocuments?.includes(entry.id)) {
          results.set(entry.id, { status: 'failed', details: { message: 'The signature of this document failed (sandbox control API)' } });
          continue;
        }
        const definition = document.signers[0] ?? process.signer;
        const reason = typeof definition?.parameters?.reason === 'string' ? definition.parameters.reason : 'Signed in the TRIDENT sandbox';
        const outcome = await signPdfDocument(bytes, keyPair, { signerName: identity.name, signingTime, reason });
        if (outcome.ok) {
          signed.set(entry.id, outcome.pdf);
          results.set(entry.id, { status: 'finished' });
        } else {
          results.set(entry.id, { status: 'failed', details: { message: outcome.message } });
        }
      }
      const failures = [...results.values()].filter((r) => r.status === 'failed');
      const status: ProcessStatus = failures.length === 0 ? 'finished' : signed.size === 0 ? 'failed' : 'failed_documents';
      const result: ResultRecord<ProcessStatus> = status === 'finished' ? { status } : { status, details: { message: failures.map((f) => f.details?.message).filter(Boolean).join(' ') } };
      return this.store.transaction(() => {
        for (const [documentId, pdf] of signed) this.store.setDocumentContent(documentId, pdf);
        return this.finish({ ...process, identityId: identity.id }, result, (d) => results.get(d.id) ?? { status: 'failed' });
      });
    });
  }

  /** Autosign (for the demo): running processes older than the setting sign themselves, with no browser. */
  async tick(): Promise<void> {
    const after = this.settings.autosignAfterSeconds;
    if (after === undefined) return;
    const due = this.clock.nowMs() - after * 1000;
    for (const process of this.store.listProcesses({ runningOnly: true })) {
      if (new Date(process.createdAt).getTime() > due) continue;
      try {
        await this.sign(process.id);
      } catch (error) {
        if (!(error instanceof TridentError && error.httpStatus === 409)) throw error;
      }
    }
  }
}
