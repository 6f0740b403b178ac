// Sending a document by reference: a one-shot upload (POST /api/plain-uploads, the raw bytes as the
// body) or a multipart upload as the legacy clients do it (begin → parts with their ETags → end with
// the ETags in order and an optional MD5 of the whole). Either gives a blobToken that a session's
// document names in file.blobToken.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { SandboxClock } from '../core/clock';
import { FILE_MODE } from '../core/private-files';
import { RestPkiError } from './errors';
import type { RestPkiStore, UploadRecord } from './store';

export const UPLOAD_LIMITS = {
  /** what POST /Api/MultipartUploads answers as partSize; a part may be shorter, never longer */
  partSize: 5 * 1024 * 1024,
  plainBytes: 25 * 1024 * 1024,
  parts: 64,
} as const;

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest();
const unquote = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

export class Uploads {
  constructor(
    private readonly store: RestPkiStore,
    private readonly clock: SandboxClock,
  ) {}

  private newToken(): string {
    return randomBytes(24).toString('base64url');
  }

  private requireOpen(token: string): UploadRecord {
    const upload = this.store.getUpload(token);
    if (!upload || upload.kind !== 'multipart') throw new RestPkiError('UploadNotFound', 'No multipart upload has this token.');
    if (upload.complete) throw new RestPkiError('UploadAlreadyCompleted', 'This multipart upload was already finished.');
    return upload;
  }

  plain(bytes: Buffer, mimeType: string | null): { blobToken: string; length: number; mimeType: string | null } {
    if (bytes.length === 0) throw new RestPkiError('EmptyUpload', 'The upload is empty: send the file’s bytes as the request body.');
    const token = this.newToken();
    writeFileSync(this.store.uploadBlobPath(token), bytes, { mode: FILE_MODE });
    this.store.putUpload({ token, kind: 'plain', complete: true, mimeType, length: bytes.length, parts: [], createdAt: this.clock.iso() });
    return { blobToken: token, length: bytes.length, mimeType };
  }

  begin(): { blobToken: string; partSize: number } {
    const token = this.newToken();
    this.store.putUpload({ token, kind: 'multipart', complete: false, mimeType: null, length: 0, parts: [], createdAt: this.clock.iso() });
    return { blobToken: token, partSize: UPLOAD_LIMITS.partSize };
  }

  /** Stores one part (numbered from 0 or 1, as the client likes) and returns its ETag (quoted MD5 hex). */
  part(token: string, partNumber: number, bytes: Buffer, contentMd5: string | undefined): string {
    const upload = this.requireOpen(token);
    if (bytes.length === 0) throw new RestPkiError('EmptyUpload', 'A part is empty.');
    if (bytes.length > UPLOAD_LIMITS.partSize) throw new RestPkiError('PartTooLarge', `A part has at most partSize (${UPLOAD_LIMITS.partSize}) bytes.`);
    const digest = md5(bytes);
    if (contentMd5 !== undefined && contentMd5 !== digest.toString('base64')) {
      throw new RestPkiError('ContentMd5Mismatch', `Part ${partNumber}: the Content-MD5 header does not match the bytes received.`);
    }
    const others = upload.parts.filter((p) => p.number !== partNumber);
    if (others.length >= UPLOAD_LIMITS.parts) throw new RestPkiError('TooManyParts', `An upload has at most ${UPLOAD_LIMITS.parts} parts in this sandbox.`);
    writeFileSync(this.store.uploadPartPath(token, partNumber), bytes, { mode: FILE_MODE });
    const etag = digest.toString('hex');
    this.store.putUpload({ ...upload, parts: [...others, { number: partNumber, etag, length: bytes.length }].sort((a, b) => a.number - b.number) });
    return `"${etag}"`;
  }

  /** Joins the parts in part-number order, after checking the client's ETag list (and MD5) against them. */
  end(token: string, partETags: string[], completeMd5: string | null | undefined): void {
    const upload = this.requireOpen(token);
    if (upload.parts.length === 0) throw new RestPkiError('EmptyUpload', 'No part was uploaded.');
    const expected = upload.parts.map((p) => p.etag);
    const given = partETags.map(unquote);
    if (given.length !== expected.length || given.some((etag, i) => etag !== expected[i])) {
      throw new RestPkiError('PartETagsMismatch', `partETags must be the ETags of the ${expected.length} uploaded parts in part-number order.`);
    }
    const whole = Buffer.concat(upload.parts.map((p) => readFileSync(this.store.uploadPartPath(token, p.number))));
    if (completeMd5 && completeMd5 !== md5(whole).toString('base64')) throw new RestPkiError('ContentMd5Mismatch', 'completeMD5 does not match the joined parts.');
    writeFileSync(this.store.uploadBlobPath(token), whole, { mode: FILE_MODE });
    this.store.putUpload({ ...upload, complete: true, length: whole.length });
    this.store.removeUploadParts(upload);
  }
}
