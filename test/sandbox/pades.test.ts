import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { loadOrCreatePki } from '../../sandbox/pki';
import { addPadesSignature, buildUnsignedResultPdf, type ResultDocument } from '../../sandbox/signing/pades';

const exec = promisify(execFile);

async function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await exec(cmd, args, { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

async function samplePdf(text: string, pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([595.28, 841.89]).drawText(`${text} page ${i + 1}`, { x: 50, y: 780, size: 14, font });
  return Buffer.from(await doc.save()); // default save: object streams, as clients send them
}

const work = await mkdtemp(path.join(tmpdir(), 'sandbox-pades-'));
test.after(() => rm(work, { recursive: true, force: true }));
const pki = await loadOrCreatePki(path.join(work, 'data'));
const nssDir = path.join(work, 'nssdb');
await exec('mkdir', ['-p', nssDir]);
await exec('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
await exec('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'sandbox-root', '-t', 'CT,C,C', '-i', path.join(pki.dir, 'root.cert.pem')]);

const documents: ResultDocument[] = [
  { title: 'Employment contract', fileName: '0000_contract.pdf', mimeType: 'application/pdf', bytes: await samplePdf('Contract', 2) },
  { title: 'Appendix', fileName: '0001_appendix.pdf', mimeType: 'application/pdf', bytes: await samplePdf('Appendix', 1) },
  { title: 'Notes', fileName: '0002_notes.txt', mimeType: 'text/plain', bytes: Buffer.from('Plain text notes\nwith æøå and ✓\n') },
];
const job = {
  id: 'job-4711',
  title: 'Employment contract for Kåre',
  signers: [
    { name: 'Kari Nordmann', order: 2 },
    { name: 'Ola Nordmann', order: 1 },
  ],
  documents,
};
const unsigned = await buildUnsignedResultPdf(job);
const ola = await pki.signerKeyPair({ id: 'ola', displayName: 'Ola Nordmann' });
const kari = await pki.signerKeyPair({ id: 'kari', displayName: 'Kari Nordmann' });
const signedOnce = await addPadesSignature(unsigned, ola, { signerName: 'Ola Nordmann', signingTime: new Date('2026-01-05T10:00:00Z') });
const signedTwice = await addPadesSignature(signedOnce, kari, { signerName: 'Kåre Kari Nordmann', signingTime: new Date('2026-01-06T10:00:00Z') });

async function saveAs(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, bytes);
  return file;
}

test('the unsigned result has a front page naming job and signers, then every document page', async () => {
  const file = await saveAs('unsigned.pdf', unsigned);
  const doc = await PDFDocument.load(unsigned);
  assert.equal(doc.getPageCount(), 1 + 2 + 1 + 1);
  const front = await run('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-']);
  assert.equal(front.code, 0, front.out);
  for (const expected of ['Employment contract for Kåre', 'job-4711', '1. Ola Nordmann', '2. Kari Nordmann', '0001_appendix.pdf']) {
    assert.ok(front.out.includes(expected), `front page lacks ${expected}:\n${front.out}`);
  }
  const rest = await run('pdftotext', ['-f', '2', '-l', '5', file, '-']);
  for (const expected of ['Contract page 1', 'Contract page 2', 'Appendix page 1', 'Plain text notes', 'with æøå and ?']) {
    assert.ok(rest.out.includes(expected), `document pages lack ${expected}:\n${rest.out}`);
  }
  assert.ok(!unsigned.includes('/ObjStm'), 'no object streams');
  assert.equal((await run('qpdf', ['--check', file])).code, 0);
});

test('each signature is an incremental update that leaves earlier bytes untouched', () => {
  const base = unsigned.toString('latin1').replace(/\s+$/, '');
  assert.equal(signedOnce.subarray(0, base.length).toString('latin1'), base);
  assert.ok(signedTwice.subarray(0, signedOnce.length).equals(signedOnce));
});

test('pdfsig: two valid, trusted ETSI.CAdES.detached SHA-256 signatures; qpdf --check clean', async () => {
  const file = await saveAs('signed.pdf', signedTwice);
  const sig = await run('pdfsig', ['-nssdir', `sql:${nssDir}`, file]);
  assert.equal(sig.out.match(/Signature Validation: Signature is Valid\./g)?.length, 2, sig.out);
  assert.equal(sig.out.match(/Certificate Validation: Certificate is Trusted\./g)?.length, 2, sig.out);
  assert.equal(sig.out.match(/Signature Type: ETSI\.CAdES\.detached/g)?.length, 2, sig.out);
  assert.equal(sig.out.match(/Signing Hash Algorithm: SHA-256/g)?.length, 2, sig.out);
  assert.match(sig.out, /Signature #1:[\s\S]*Common Name: Ola Nordmann[\s\S]*Signature #2:[\s\S]*Common Name: Kari Nordmann[\s\S]*Total document signed/);
  const check = await run('qpdf', ['--check', file]);
  assert.equal(check.code, 0, check.out);
  assert.doesNotMatch(check.out, /WARNING/);
  assert.match(check.out, /No syntax or stream encoding errors/);
  const once = await run('qpdf', ['--check', await saveAs('signed-once.pdf', signedOnce)]);
  assert.equal(once.code, 0, once.out);
  assert.doesNotMatch(once.out, /WARNING/);
});

function signatureContainers(pdf: Buffer): Buffer[] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].map((m) => {
    const hex = text.slice(Number(m[2]) + 1, Number(m[3]) - 1);
    return Buffer.from(hex, 'hex');
  });
}

test('CMS is B-B: content-type, message-digest, ESS signing-certificate-v2, no signing-time; /M in the dictionary', () => {
  const containers = signatureContainers(signedTwice);
  assert.equal(containers.length, 2);
  for (const der of containers) {
    const parsed = asn1js.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer);
    const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    assert.equal(signedData.encapContentInfo.eContent, undefined, 'detached');
    const attributes = signedData.signerInfos[0].signedAttrs?.attributes.map((a) => a.type) ?? [];
    assert.deepEqual(attributes, ['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4', '1.2.840.113549.1.9.16.2.47']);
    assert.equal(signedData.signerInfos[0].digestAlgorithm.algorithmId, '2.16.840.1.101.3.4.2.1');
    assert.equal(signedData.certificates?.length, 2, 'leaf and issuing CA, no root');
  }
  assert.equal(signedTwice.toString('latin1').match(/\/M \(D:2026010[56]100000Z\)/g)?.length, 2);
});

test('a changed byte in the signed content makes pdfsig report both signatures broken', async () => {
  const text = signedTwice.toString('latin1');
  const at = text.indexOf('595.28');
  assert.ok(at > 0 && at < text.indexOf('/ByteRange'));
  const tampered = Buffer.from(signedTwice);
  tampered.write('595.29', at, 'latin1');
  const sig = await run('pdfsig', ['-nssdir', `sql:${nssDir}`, await saveAs('tampered.pdf', tampered)]);
  assert.doesNotMatch(sig.out, /Signature is Valid/, sig.out);
  assert.equal(sig.out.match(/Digest Mismatch/g)?.length, 2, sig.out);
});

test('without the sandbox root in the trust store the certificate is not trusted', async () => {
  const emptyNss = path.join(work, 'empty-nss');
  await exec('mkdir', ['-p', emptyNss]);
  await exec('certutil', ['-N', '-d', `sql:${emptyNss}`, '--empty-password']);
  const sig = await run('pdfsig', ['-nssdir', `sql:${emptyNss}`, path.join(work, 'signed.pdf')]);
  assert.doesNotMatch(sig.out, /Certificate is Trusted/, sig.out);
});
