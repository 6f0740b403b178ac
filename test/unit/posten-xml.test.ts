import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePortalJobRequest, writePortalManifest } from '../../src-main/core/providers/posten/xml/write';
import { readPortalCreateResponse, readPortalStatusChange, readServiceError } from '../../src-main/core/providers/posten/xml/responses';
import type { PortalJobSpec } from '../../src-main/core/providers/posten/model';

const shared = process.env.SIGNING_DESK_SHARED_DIR ?? fileURLToPath(new URL('../../../shared', import.meta.url));
const xsd = join(shared, 'spec/posten/xsd/direct-and-portal.xsd');
const examples = join(shared, 'spec/posten/examples');

/** Validates with xmllint, an implementation independent of ours. Returns xmllint's complaint, or ''. */
function schemaErrors(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sd-xsd-'));
  try {
    const file = join(dir, 'doc.xml');
    writeFileSync(file, xml);
    execFileSync('xmllint', ['--noout', '--schema', xsd, file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fullJob: PortalJobSpec = {
  organizationNumber: '123456789',
  reference: 'REF-1 & <co>',
  pollingQueue: 'signing-desk-abc',
  title: 'Arbeidsavtale for Kari',
  nonsensitiveTitle: 'Avtale',
  description: 'Les gjennom og signer, takk.',
  documents: [
    { title: 'Avtale', fileName: '0000_avtale.pdf', mimeType: 'application/pdf' },
    { title: 'Vedlegg', fileName: '0001_vedlegg.txt', mimeType: 'text/plain' },
  ],
  signers: [
    { order: 0, nationalIdentityNumber: '01010112377', email: 'kari@example.no', mobile: '+4791234567', signatureType: 'ADVANCED_ELECTRONIC_SIGNATURE', onBehalfOf: 'SELF' },
    { order: 1, email: 'ola@example.no' },
    { order: 1, mobile: '+4790000000', onBehalfOf: 'OTHER' },
    { order: 2, nationalIdentityNumber: '13097248022', notificationsUsingLookup: { sms: true } },
  ],
  requiredAuthentication: 4,
  activationTime: new Date('2026-12-01T08:00:00Z'),
  availableSeconds: 864000,
  identifierInSignedDocuments: 'PERSONAL_IDENTIFICATION_NUMBER_AND_NAME',
};

test('the portal request and manifest we write validate against the official schema', () => {
  assert.equal(schemaErrors(writePortalJobRequest(fullJob)), '');
  assert.equal(schemaErrors(writePortalJobRequest({})), '');
  const manifest = writePortalManifest(fullJob);
  assert.equal(schemaErrors(manifest), '');
  assert.match(manifest, /<identified-by-contact-information\/>/);
  assert.match(manifest, /REF-1|Arbeidsavtale/);
  const minimal = writePortalManifest({ ...fullJob, reference: undefined, nonsensitiveTitle: undefined, description: undefined, activationTime: undefined, availableSeconds: undefined, requiredAuthentication: undefined, identifierInSignedDocuments: undefined, signers: [{ order: 0, email: 'a@b.no' }] });
  assert.equal(schemaErrors(minimal), '');
});

test('the schema check can fail: a manifest with 11 signers is refused by xmllint', () => {
  const tooMany = writePortalManifest({ ...fullJob, signers: Array.from({ length: 11 }, () => ({ order: 0, email: 'a@b.no' })) });
  assert.match(schemaErrors(tooMany), /signer/);
});

test('reads the official create and status-change examples, trimming and ignoring prefixes', () => {
  const created = readPortalCreateResponse(readFileSync(join(examples, 'portal/response.xml'), 'utf8'));
  assert.ok(created.signatureJobId);
  assert.match(created.cancellationUrl, /^https:\/\/.*cancel$/);
  const change = readPortalStatusChange(readFileSync(join(examples, 'portal/status-change-response.xml'), 'utf8'));
  assert.equal(change.status, 'COMPLETED_SUCCESSFULLY');
  assert.equal(change.signatures[0].status, 'SIGNED');
  assert.equal(change.signatures[0].since, '2017-01-23T12:51:43+01:00');
  assert.equal(change.signatures[0].nationalIdentityNumber, '12345678910');
  assert.match(change.padesUrl ?? '', /pades$/);
  const withoutPin = readPortalStatusChange(readFileSync(join(examples, 'portal/status-change-response-signer-without-pin.xml'), 'utf8'));
  assert.ok(withoutPin.signatures.some((s) => s.email || s.mobile));
});

test('unknown elements and status values are kept; prefixed documents read the same', () => {
  const xml = `<?xml version="1.0"?><ns5:portal-signature-job-status-change-response xmlns:ns5="http://signering.posten.no/schema/v1" xmlns:ns2="http://uri.etsi.org/01903/v1.3.2#">
    <ns5:signature-job-id>7</ns5:signature-job-id><ns5:status>SOMETHING_NEW</ns5:status><ns5:future-element>x</ns5:future-element>
    <ns5:confirmation-url>
      https://x/complete
    </ns5:confirmation-url>
    <ns5:signatures><ns5:signature><ns5:status since="2026-01-01T00:00:00Z">TELEPORTED</ns5:status><ns5:identifier><ns5:email address="a@b.no"/></ns5:identifier></ns5:signature></ns5:signatures>
  </ns5:portal-signature-job-status-change-response>`;
  const change = readPortalStatusChange(xml);
  assert.equal(change.status, 'SOMETHING_NEW');
  assert.equal(change.confirmationUrl, 'https://x/complete');
  assert.equal(change.signatures[0].status, 'TELEPORTED');
  assert.equal(change.signatures[0].email, 'a@b.no');
});

test('a status change or job response outside Posten\'s namespace is refused, in words, even when its elements match', () => {
  const officialChange = readFileSync(join(examples, 'portal/status-change-response.xml'), 'utf8');
  const officialCreate = readFileSync(join(examples, 'portal/response.xml'), 'utf8');
  const posten = 'xmlns="http://signering.posten.no/schema/v1"';
  assert.ok(officialChange.includes(posten) && officialCreate.includes(posten));
  const elsewhere = (xml: string) => xml.replace(posten, 'xmlns="http://example.com/not-posten"');
  const refusal = /<portal-signature-job-(status-change-)?response> in the namespace http:\/\/example\.com\/not-posten, not in Posten signering's \(http:\/\/signering\.posten\.no\/schema\/v1\)/;
  assert.throws(() => readPortalStatusChange(elsewhere(officialChange)), refusal);
  assert.throws(() => readPortalCreateResponse(elsewhere(officialCreate)), refusal);
  assert.throws(() => readPortalStatusChange(officialChange.replace(` ${posten}`, '')), /in no namespace, not in Posten signering's/);
  // A prefix bound to another namespace does not count, even with Posten's as the (unused) default.
  const prefixedElsewhere = officialChange
    .replace(`<portal-signature-job-status-change-response ${posten}>`, `<x:portal-signature-job-status-change-response ${posten} xmlns:x="urn:other">`)
    .replace('</portal-signature-job-status-change-response>', '</x:portal-signature-job-status-change-response>');
  assert.throws(() => readPortalStatusChange(prefixedElsewhere), /namespace urn:other/);
  // The official examples still read, and so does Posten's namespace under a prefix.
  assert.equal(readPortalStatusChange(officialChange).status, 'COMPLETED_SUCCESSFULLY');
  assert.equal(readPortalCreateResponse(officialCreate).signatureJobId, '1');
  assert.equal(readPortalStatusChange(prefixedElsewhere.replace('xmlns:x="urn:other"', 'xmlns:x="http://signering.posten.no/schema/v1"')).status, 'COMPLETED_SUCCESSFULLY');
});

test('an answer that declares a document type is refused before it is parsed: no entity of it is read or expanded', () => {
  const officialChange = readFileSync(join(examples, 'portal/status-change-response.xml'), 'utf8');
  const body = officialChange.slice(officialChange.indexOf('<portal-signature-job-status-change-response'));
  const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>`;
  // Entities used only in an element nobody reads: the document would otherwise pass as an ordinary answer.
  const withBomb = `<?xml version="1.0"?>${laughs}${body.replace('</portal-signature-job-status-change-response>', '<x>&lol1;</x></portal-signature-job-status-change-response>')}`;
  const withExternal = `<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>${body.replace('</portal-signature-job-status-change-response>', '<x>&e;</x></portal-signature-job-status-change-response>')}`;
  for (const xml of [withBomb, withExternal, `<!doctype html>${body}`]) {
    assert.throws(() => readPortalStatusChange(xml), /document type declaration \(DOCTYPE\), which Posten signering never sends/);
  }
  assert.equal(readPortalStatusChange(officialChange).status, 'COMPLETED_SUCCESSFULLY');
});

test('error bodies: the service error XML, and garbage', () => {
  const error = readServiceError('<error xmlns="http://signering.posten.no/schema/v1"><error-code>BROKER_NOT_AUTHORIZED</error-code><error-message>No</error-message><error-type>CLIENT</error-type></error>');
  assert.deepEqual(error, { code: 'BROKER_NOT_AUTHORIZED', message: 'No', type: 'CLIENT' });
  assert.equal(readServiceError('<html><body>Bad gateway</body></html>'), undefined);
  assert.equal(readServiceError('\u0000garbage'), undefined);
  assert.throws(() => readPortalCreateResponse('<html/>'), /Expected <portal-signature-job-response>/);
});
