// Signature sessions: creation (the meaning checks, answered with 422), the signing itself, and the
// life of a session by the sandbox clock (reference A4/A5):
//
//   Pending --signed--------------------------> Completed
//   Pending --signed, background processing---> Processing --> Completed | ProcessingError
//   Pending --Cancel on the page---------------> UserCancelled
//   Pending --the address's 4 hours have passed-> Expired
import { EventEmitter } from 'node:events';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SandboxClock } from '../core/clock';
import type { SandboxPki } from '../pki/index';
import { inspectPdf } from '../validation/pdf';
import { cpfDigits, formatCpf, isValidCpf } from './cpf';
import { RestPkiError, StateConflict } from './errors';
import { findPerson, hasHardwareKey, personKeyPair, TEST_PERSONS, type TestPerson } from './persons';
import type { CreateSessionRequest, DocumentData, DocumentFileModel, DocumentSummaryModel, SessionModel } from './schemas';
import { certificateModel, certificateSummary } from './certificate-model';
import { signingObstacle, signPdf } from './sign-pdf';
import type { DocumentRecord, Requirement, RestPkiStore, SessionRecord, StoredFile } from './store';

/** The signing address (its token) lives 4 hours: "signature session tokens are normally valid for 4 hours". */
export const SESSION_LIFETIME_SECONDS = 4 * 3600;
/** The one security context this sandbox knows (a session may name it, or none). */
export const SANDBOX_SECURITY_CONTEXT_ID = '5a3c1e0f-8b2d-4c6e-9f10-2a4b6c8d0e12';

export const LIMITS = {
  documents: 30,
  documentBytes: 25 * 1024 * 1024,
  metadataName: 50,
  metadataValue: 500,
} as const;

export interface RestPkiSettings {
  /** how long background processing takes, in sandbox seconds; null: until the control API ends it */
  processingSeconds: number | null;
  /** how long `when-completed` holds a call while the session is Processing */
  whenCompletedWaitMs: number;
  /** file links as absolute URLs (what Core sends) or relative to the endpoint (what legacy Rest PKI sent) */
  fileUrls: 'absolute' | 'relative';
  /** how long documents stay downloadable after the session was created (availableUntil) */
  documentRetentionSeconds: number;
}

export interface EngineUrls {
  /** the API endpoint, e.g. https://127.0.0.1:8444 */
  endpoint: string;
  /** where the signing pages live, e.g. http://127.0.0.1:8081 */
  pageRoot: string;
}

const KEY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const METADATA_NAME = /^[\p{L}\p{N}_\- ]{1,50}$/u;

function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

function documentKey(): string {
  const bytes = randomBytes(16);
  return [...bytes].map((b) => KEY_ALPHABET[b % KEY_ALPHABET.length]).join('');
}

export function formatKey(key: string): string {
  return key.match(/.{1,4}/g)!.join('-');
}

/** Appends signatureSessionId to the return URL, keeping its own query and fragment as they were written. */
export function appendSessionId(returnUrl: string, sessionId: string): string {
  const hash = returnUrl.indexOf('#');
  const [base, fragment] = hash >= 0 ? [returnUrl.slice(0, hash), returnUrl.slice(hash)] : [returnUrl, ''];
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}signatureSessionId=${sessionId}${fragment}`;
}

export function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Which of the session's requirements the person's certificate does not meet, in words. */
export function unmetRequirements(session: Pick<SessionRecord, 'requirements'>, person: TestPerson): string[] {
  const unmet: string[] = [];
  for (const requirement of session.requirements) {
    if (requirement.type === 'Cpf' && requirement.cpf !== person.cpf) unmet.push(`the session accepts only the certificate of CPF ${formatCpf(requirement.cpf)}`);
    if (requirement.type === 'CryptoDevice' && !hasHardwareKey(person)) unmet.push('the session accepts only a certificate whose key is on a token or smart card (A3)');
  }
  return unmet;
}

interface ResolvedDocument {
  id: string;
  name: string;
  mimeType: string;
  bytes: Buffer;
  metadata: Record<string, string[] | null>;
  key: string;
}

export class SessionEngine {
  private readonly changes = new EventEmitter();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: RestPkiStore,
    private readonly clock: SandboxClock,
    private readonly pki: SandboxPki,
    readonly settings: RestPkiSettings,
    readonly urls: EngineUrls,
  ) {
    this.changes.setMaxListeners(0);
  }

  /** One state change at a time: two clicks on Sign, or Sign and the control API's cancel, never interleave. */
  exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private save(session: SessionRecord, documents: DocumentRecord[] = []): void {
    this.store.transaction(() => {
      for (const document of documents) this.store.putDocument(document);
      this.store.putSession(session);
    });
    this.changes.emit(session.id);
  }

  requireSession(id: string): SessionRecord {
    const session = this.store.getSession(id);
    if (!session) throw new RestPkiError('SignatureSessionNotFound', `Signature session not found: ${id}`);
    return session;
  }

  documentsOf(session: SessionRecord): DocumentRecord[] {
    return session.documentIds.map((id) => this.store.getDocument(id)!);
  }

  pageUrl(session: SessionRecord): string {
    return `${this.urls.pageRoot}/signature-sessions/${session.id}?token=${session.token}`;
  }

  /** Where the browser goes when the person is done: the return URL, or the "you may close this tab" page. */
  finishUrl(session: SessionRecord): string {
    return session.returnUrl ? appendSessionId(session.returnUrl, session.id) : `${this.urls.pageRoot}/signature-sessions/${session.id}/done?token=${session.token}`;
  }

  // ---- create -------------------------------------------------------------------------------------

  async create(request: CreateSessionRequest): Promise<{ sessionId: string; redirectUrl: string }> {
    const returnUrl = request.returnUrl ?? null;
    if (returnUrl !== null) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(returnUrl);
      } catch {
        parsed = undefined;
      }
      if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
        throw new RestPkiError('InvalidReturnUrl', 'The returnUrl must be an absolute http or https URL.', null, { returnUrl: returnUrl.slice(0, 200) });
      }
    }
    const securityContextId = request.securityContextId?.toLowerCase() ?? null;
    if (securityContextId !== null && securityContextId !== SANDBOX_SECURITY_CONTEXT_ID) {
      throw new RestPkiError('SecurityContextNotFound', `Security context not found: ${securityContextId}`);
    }
    const requirements = this.requirementsOf(request);
    const documentMetadata = this.checkMetadata(request.documentMetadata ?? {}, 'documentMetadata');
    const documents = request.documents ?? [];
    if (documents.length === 0) {
      throw new RestPkiError('DocumentsRequired', 'This sandbox does not offer the page where a signer uploads their own files: send the documents to sign in `documents`.');
    }
    if (documents.length > LIMITS.documents) throw new RestPkiError('TooManyDocuments', `A session takes at most ${LIMITS.documents} documents in this sandbox.`);

    const resolved: ResolvedDocument[] = [];
    for (const [index, data] of documents.entries()) resolved.push(await this.resolveDocument(data, index, documentMetadata));
    const ids = new Set<string>();
    for (const document of resolved) {
      if (ids.has(document.id) || this.store.getDocument(document.id)) throw new RestPkiError('DocumentAlreadyExists', `A document with id ${document.id} already exists.`);
      ids.add(document.id);
    }

    const now = this.clock.nowMs();
    const session: SessionRecord = {
      id: randomUUID(),
      token: randomToken(),
      status: 'Pending',
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + SESSION_LIFETIME_SECONDS * 1000).toISOString(),
      returnUrl,
      callbackArgument: request.callbackArgument ?? null,
      securityContextId,
      backgroundProcessing: request.enableBackgroundProcessing ?? false,
      disableDownloads: request.disableDownloads ?? false,
      requirements,
      documentIds: resolved.map((d) => d.id),
      processingErrorCode: null,
    };
    const availableUntil = new Date(now + this.settings.documentRetentionSeconds * 1000).toISOString();
    const records = resolved.map((document): DocumentRecord => {
      const original: StoredFile = { token: randomToken(), name: document.name, mimeType: document.mimeType, length: document.bytes.length };
      this.store.saveFile(document.id, 'original', original, document.bytes);
      return { id: document.id, sessionId: session.id, status: 'PendingSignature', key: document.key, metadata: document.metadata, dateSigned: null, availableUntil, original };
    });
    this.save(session, records);
    return { sessionId: session.id, redirectUrl: this.pageUrl(session) };
  }

  private requirementsOf(request: CreateSessionRequest): Requirement[] {
    return (request.certificateRequirements ?? []).map((requirement, index) => {
      if (requirement.type === 'CryptoDevice') return { type: 'CryptoDevice' };
      if (requirement.type === 'Cpf') {
        const digits = cpfDigits(requirement.argument ?? '');
        if (!digits || !isValidCpf(digits)) {
          throw new RestPkiError('InvalidCertificateRequirement', `certificateRequirements[${index}]: the argument of a Cpf requirement must be a valid CPF (11 digits with their check digits, punctuation allowed).`, null, {
            argument: (requirement.argument ?? '').slice(0, 40),
          });
        }
        return { type: 'Cpf', cpf: digits };
      }
      throw new RestPkiError('InvalidCertificateRequirement', `certificateRequirements[${index}]: a requirement needs a type (CryptoDevice or Cpf).`);
    });
  }

  private checkMetadata(metadata: Record<string, string[] | null>, where: string): Record<string, string[] | null> {
    for (const [name, values] of Object.entries(metadata)) {
      if (!METADATA_NAME.test(name)) {
        throw new RestPkiError('InvalidMetadata', `${where}: a metadata name has 1 to ${LIMITS.metadataName} letters, digits, "-", "_" or spaces.`, null, { name: name.slice(0, 80) });
      }
      for (const value of values ?? []) {
        if (value.length > LIMITS.metadataValue) throw new RestPkiError('InvalidMetadata', `${where}: a metadata value has at most ${LIMITS.metadataValue} characters.`, null, { name });
      }
    }
    return metadata;
  }

  private async resolveDocument(data: DocumentData, index: number, sessionMetadata: Record<string, string[] | null>): Promise<ResolvedDocument> {
    const where = `documents[${index}]`;
    if (data.signatureType && data.signatureType !== 'Pdf') {
      throw new RestPkiError('SignatureTypeNotSupported', `${where}: this sandbox signs PDFs (PAdES) only, not ${data.signatureType}.`);
    }
    const file = data.file;
    if (!file) throw new RestPkiError('InvalidFileReference', `${where}: file is required.`);
    const sources = [file.content, file.blobToken, file.url].filter((s) => s !== undefined && s !== null);
    if (sources.length !== 1) throw new RestPkiError('InvalidFileReference', `${where}.file: give exactly one of content, blobToken or url.`);
    if (file.content !== undefined && file.content !== null && !file.name) throw new RestPkiError('InvalidFileReference', `${where}.file: a file given by content needs a name.`);

    let bytes: Buffer;
    let uploadedType: string | null = null;
    if (file.content) bytes = Buffer.from(file.content, 'base64');
    else if (file.blobToken) ({ bytes, mimeType: uploadedType } = this.readBlob(file.blobToken, where));
    else bytes = await this.fetchUrl(file.url!, where);

    if (bytes.length > LIMITS.documentBytes) throw new RestPkiError('DocumentTooLarge', `${where}: a document has at most ${LIMITS.documentBytes} bytes in this sandbox.`);
    const inspection = await inspectPdf(bytes);
    if (!inspection.ok) throw new RestPkiError('InvalidPdf', `${where}: ${inspection.message}`, null, { reason: inspection.reason });
    const obstacle = signingObstacle(bytes);
    if (obstacle) throw new RestPkiError('InvalidPdf', `${where}: ${obstacle}`);

    let key = documentKey();
    if (data.documentKey) {
      const given = data.documentKey.replace(/-/g, '').toUpperCase();
      if (!/^[A-Z0-9]{16}$/.test(given)) throw new RestPkiError('InvalidDocumentKey', `${where}: documentKey is 16 letters or digits (XXXX-XXXX-XXXX-XXXX).`);
      key = given;
    }
    const metadata = { ...sessionMetadata, ...this.checkMetadata(data.metadata ?? {}, `${where}.metadata`) };
    return {
      id: data.id?.toLowerCase() ?? randomUUID(),
      name: file.name || 'document.pdf',
      mimeType: file.mimeType || file.contentType || uploadedType || 'application/pdf',
      bytes,
      metadata,
      key,
    };
  }

  private readBlob(token: string, where: string): { bytes: Buffer; mimeType: string | null } {
    const upload = this.store.getUpload(token);
    if (!upload) throw new RestPkiError('BlobNotFound', `${where}.file: no upload has the blobToken given.`);
    if (!upload.complete) throw new RestPkiError('BlobNotFound', `${where}.file: the multipart upload of that blobToken was not finished.`);
    return { bytes: readFileSync(this.store.uploadBlobPath(token)), mimeType: upload.mimeType };
  }

  /**
   * A file by URL: the sandbox's own file links (absolute, or relative to the endpoint as upload
   * locations may be) are read from the store; any other http(s) URL is fetched without credentials.
   */
  private async fetchUrl(url: string, where: string): Promise<Buffer> {
    let target: URL;
    try {
      target = new URL(url, this.urls.endpoint);
    } catch {
      throw new RestPkiError('InvalidFileReference', `${where}.file.url is not a URL.`);
    }
    const own = new URL(this.urls.endpoint);
    const ownFile = target.origin === own.origin ? /^\/api\/files\/([A-Za-z0-9_-]+)$/.exec(target.pathname) : null;
    if (ownFile) return this.fileBytes(ownFile[1]).bytes;
    if (!['http:', 'https:'].includes(target.protocol)) throw new RestPkiError('InvalidFileReference', `${where}.file.url must be http or https.`);
    try {
      const response = await fetch(target, { signal: AbortSignal.timeout(15_000), redirect: 'follow' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw new RestPkiError('FileDownloadFailed', `${where}: the file at file.url could not be downloaded (${(error as Error).message}).`);
    }
  }

  // ---- files --------------------------------------------------------------------------------------

  fileUrl(file: StoredFile): string {
    const relative = `/api/files/${file.token}`;
    return this.settings.fileUrls === 'relative' ? relative : `${this.urls.endpoint}${relative}`;
  }

  private fileModel(file: StoredFile): DocumentFileModel {
    const url = this.fileUrl(file);
    return { mimeType: file.mimeType, content: null, blobToken: null, url, name: file.name, length: file.length, contentType: file.mimeType, location: url };
  }

  /** The bytes behind a file link, if the link exists, its document is still kept, and (signed) its processing is over. */
  fileBytes(token: string): { file: StoredFile; bytes: Buffer } {
    const link = this.store.fileLink(token);
    const document = link && this.store.getDocument(link.documentId);
    if (!link || !document) throw new RestPkiError('DocumentNotFound', 'No document has this file.');
    if (this.clock.nowMs() >= Date.parse(document.availableUntil)) {
      throw new RestPkiError('DocumentNotFound', `Document ${document.id} is no longer available (availableUntil ${document.availableUntil} has passed).`);
    }
    const file = link.kind === 'signed' ? document.signed : document.original;
    if (!file) throw new RestPkiError('DocumentNotFound', 'No document has this file.');
    if (link.kind === 'signed' && document.status !== 'Completed') {
      throw new RestPkiError('BackgroundProcessing', `Document ${document.id} is still being processed (status ${document.status}).`);
    }
    return { file, bytes: this.store.readFile(file) };
  }

  // ---- answers ------------------------------------------------------------------------------------

  documentSummary(document: DocumentRecord): DocumentSummaryModel {
    return {
      id: document.id,
      status: document.status,
      dateSigned: document.dateSigned,
      key: document.key,
      formattedKey: formatKey(document.key),
      originalFile: this.fileModel(document.original),
      ...(document.signed && document.status === 'Completed' ? { signedFile: this.fileModel(document.signed) } : {}),
      signatureType: 'Pdf',
      availableUntil: document.availableUntil,
    };
  }

  sessionModel(session: SessionRecord): SessionModel {
    return {
      id: session.id,
      status: session.status,
      processingErrorCode: session.processingErrorCode,
      callbackArgument: session.callbackArgument,
      ...(session.signer ? { signerCertificate: certificateModel(session.signer.chainPems) } : {}),
      documents: this.documentsOf(session).map((d) => this.documentSummary(d)),
    };
  }

  /** DocumentModel: a session's document with its signer (GET /api/documents/{id}). */
  documentModel(id: string): Record<string, unknown> {
    const document = this.store.getDocument(id);
    if (!document) throw new RestPkiError('DocumentNotFound', `Document not found: ${id}`);
    const session = this.requireSession(document.sessionId);
    const { status: _status, dateSigned: _dateSigned, ...summary } = this.documentSummary(document);
    const signers =
      session.signer && document.status === 'Completed'
        ? [{ certificate: certificateSummary(certificateModel(session.signer.chainPems)), date: session.signer.signedAt }]
        : [];
    return { ...summary, signers, metadata: document.metadata };
  }

  // ---- time ---------------------------------------------------------------------------------------

  /** Applies what the clock says: Pending past its 4 hours → Expired; processing past its end → its outcome. */
  tick(): void {
    const now = this.clock.nowMs();
    for (const session of this.store.activeSessions()) {
      if (session.status === 'Pending' && now >= Date.parse(session.expiresAt)) this.endPending(session, 'Expired');
      else if (session.status === 'Processing' && session.processingEndsAt && now >= Date.parse(session.processingEndsAt)) this.endProcessing(session);
    }
  }

  private endPending(session: SessionRecord, status: 'Expired' | 'UserCancelled'): SessionRecord {
    const ended = { ...session, status, endedAt: this.clock.iso() };
    this.save(ended);
    return ended;
  }

  private endProcessing(session: SessionRecord): SessionRecord {
    const failed = session.failProcessingWith;
    const status = failed ? 'ProcessingError' : 'Completed';
    const ended: SessionRecord = { ...session, status, processingErrorCode: failed ?? null, endedAt: this.clock.iso() };
    const documents = this.documentsOf(session).map((d): DocumentRecord => ({ ...d, status: failed ? 'ProcessingError' : 'Completed' }));
    this.save(ended, documents);
    return ended;
  }

  /** How many when-completed calls are being held for this session now (tests wait for one to be). */
  waitingCalls(id: string): number {
    return this.changes.listenerCount(id);
  }

  /** 0–100 by how much of the processing time has passed (50 while held by the control API). */
  progress(session: SessionRecord): number {
    if (session.status !== 'Processing') return 100;
    if (!session.processingEndsAt || !session.signer) return 50;
    const start = Date.parse(session.signer.signedAt);
    const span = Date.parse(session.processingEndsAt) - start;
    return span <= 0 ? 99 : Math.min(99, Math.max(0, Math.floor(((this.clock.nowMs() - start) / span) * 100)));
  }

  /**
   * when-completed: 422 while the person has not finished (Pending); while Processing, holds the call
   * up to whenCompletedWaitMs and answers as soon as processing ends; any other status is "completed".
   */
  async whenCompleted(id: string, signal: AbortSignal): Promise<{ completed: boolean; progress: number }> {
    this.tick();
    let session = this.requireSession(id);
    if (session.status === 'Pending') {
      throw new RestPkiError('BadSignatureSessionOperation', `Signature session ${id} is still Pending: the signer has not finished; wait with GET /api/signature-sessions/{id} until its status changes.`);
    }
    if (session.status === 'Processing') {
      await new Promise<void>((resolve) => {
        const waitMs = (() => {
          const endsAt = session.processingEndsAt ? Date.parse(session.processingEndsAt) - this.clock.nowMs() : Number.POSITIVE_INFINITY;
          return Math.max(0, Math.min(this.settings.whenCompletedWaitMs, endsAt + 5));
        })();
        const done = () => {
          clearTimeout(timer);
          this.changes.off(session.id, onChange);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const onChange = () => {
          if (this.store.getSession(session.id)?.status !== 'Processing') done();
        };
        const timer = setTimeout(done, waitMs);
        this.changes.on(session.id, onChange);
        signal.addEventListener('abort', done);
      });
      this.tick();
      session = this.requireSession(id);
    }
    return session.status === 'Processing' ? { completed: false, progress: this.progress(session) } : { completed: true, progress: 100 };
  }

  // ---- what the person (page) or the control API does ------------------------------------------

  private requirePending(id: string, action: string): SessionRecord {
    this.tick();
    const session = this.requireSession(id);
    if (session.status !== 'Pending') throw new StateConflict('NOT_PENDING', `Cannot ${action}: the session is ${session.status}.`);
    return session;
  }

  /** The person signs every document with their certificate (really, PAdES), then processing runs or is skipped. */
  sign(id: string, personId?: string): Promise<SessionRecord> {
    return this.exclusive(async () => {
      const session = this.requirePending(id, 'sign');
      const person = personId ? findPerson(personId) : TEST_PERSONS.find((p) => unmetRequirements(session, p).length === 0);
      if (!person) {
        throw personId
          ? new StateConflict('UNKNOWN_PERSON', `No test person ${personId}; there are ${TEST_PERSONS.map((p) => p.id).join(', ')}.`)
          : new StateConflict('CERTIFICATE_REQUIREMENTS_NOT_MET', 'No test person meets the session’s certificate requirements.');
      }
      const unmet = unmetRequirements(session, person);
      if (unmet.length > 0) throw new StateConflict('CERTIFICATE_REQUIREMENTS_NOT_MET', `The certificate of ${person.name} cannot sign here: ${unmet.join('; ')}.`);

      const keyPair = await personKeyPair(this.pki, person);
      const signedAt = this.clock.now();
      const signed: { document: DocumentRecord; file: StoredFile; bytes: Buffer }[] = [];
      for (const document of this.documentsOf(session)) {
        const bytes = await signPdf(this.store.readFile(document.original), keyPair, { signerName: person.name, signingTime: signedAt });
        signed.push({ document, file: { token: randomToken(), name: document.original.name, mimeType: 'application/pdf', length: bytes.length }, bytes });
      }

      // The clock may have expired the session while the documents were being signed.
      const current = this.requirePending(id, 'sign');
      const status = current.backgroundProcessing ? 'Processing' : 'Completed';
      const processingSeconds = this.settings.processingSeconds;
      const next: SessionRecord = {
        ...current,
        status,
        signer: { personId: person.id, chainPems: [keyPair.certPem, ...keyPair.chainPems, this.pki.rootCertPem], signedAt: signedAt.toISOString() },
        ...(status === 'Processing'
          ? { processingEndsAt: processingSeconds === null ? null : new Date(signedAt.getTime() + processingSeconds * 1000).toISOString() }
          : { endedAt: signedAt.toISOString() }),
      };
      const documents = signed.map(({ document, file, bytes }): DocumentRecord => {
        this.store.saveFile(document.id, 'signed', file, bytes);
        return { ...document, status: status === 'Processing' ? 'Processing' : 'Completed', dateSigned: signedAt.toISOString(), signed: file };
      });
      this.save(next, documents);
      return next;
    });
  }

  cancel(id: string): Promise<SessionRecord> {
    return this.exclusive(() => this.endPending(this.requirePending(id, 'cancel'), 'UserCancelled'));
  }

  expire(id: string): Promise<SessionRecord> {
    return this.exclusive(() => this.endPending(this.requirePending(id, 'expire'), 'Expired'));
  }

  /**
   * Processing ends in ProcessingError with `code`: at once when the session is Processing, or, for a
   * Pending session with background processing, when the processing after its signature ends.
   */
  failProcessing(id: string, code: string): Promise<SessionRecord> {
    return this.exclusive(() => {
      this.tick();
      const session = this.requireSession(id);
      if (session.status === 'Processing') return this.endProcessing({ ...session, failProcessingWith: code });
      if (session.status === 'Pending' && session.backgroundProcessing) {
        const armed = { ...session, failProcessingWith: code };
        this.save(armed);
        return armed;
      }
      throw new StateConflict('NOT_PROCESSING', `Processing can fail only for a session with background processing that is Pending or Processing; this one is ${session.status}${session.backgroundProcessing ? '' : ' and has no background processing'}.`);
    });
  }

  /** Background processing ends now (Completed, or ProcessingError when armed). */
  finishProcessing(id: string): Promise<SessionRecord> {
    return this.exclusive(() => {
      this.tick();
      const session = this.requireSession(id);
      if (session.status !== 'Processing') throw new StateConflict('NOT_PROCESSING', `The session is ${session.status}, not Processing.`);
      return this.endProcessing(session);
    });
  }
}
