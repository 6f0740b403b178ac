import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DirectJobSpec } from '../../src-main/core/providers/posten/model';
import { UnexpectedResponseError } from '../../src-main/core/providers/posten/xml/read';
import { readDirectCreateResponse, readDirectSignerResponse, readDirectStatusChange } from '../../src-main/core/providers/posten/xml/responses';
import { writeDirectJobRequest, writeDirectManifest, writeDirectSignerUpdateRequest, writePortalManifest } from '../../src-main/core/providers/posten/xml/write';
import { schemaErrors } from '../support/posten-xsd';

const shared = process.env.SIGNING_DESK_SHARED_DIR ?? fileURLToPath(new URL('../../../shared', import.meta.url));
const examples = join(shared, 'spec/posten/examples/direct');
const example = (name: string) => readFileSync(join(examples, name), 'utf8');

/** The official examples are pretty-printed; ours are compact. Same document once whitespace between tags is gone. */
const compact = (xml: string) => xml.replace(/>\s+</g, '><').trim();

const fullJob: DirectJobSpec = {
  organizationNumber: '123456789',
  reference: 'REF-1 & <co>',
  pollingQueue: 'signing-desk-abc',
  title: 'Arbeidsavtale for Kari',
  description: 'Les gjennom og signer, takk.',
  documents: [
    { title: 'Avtale', fileName: '0000_avtale.pdf', mimeType: 'application/pdf' },
    { title: 'Vedlegg', fileName: '0001_vedlegg.pdf', mimeType: 'application/pdf' },
  ],
  signers: [
    { nationalIdentityNumber: '01010112377', signatureType: 'ADVANCED_ELECTRONIC_SIGNATURE', onBehalfOf: 'SELF' },
    { customIdentifier: 'Kari Nordmann kundenr: 1337', onBehalfOf: 'OTHER' },
  ],
  requiredAuthentication: 4,
  identifierInSignedDocuments: 'DATE_OF_BIRTH_AND_NAME',
  exitUrls: {
    completion: 'http://127.0.0.1:41234/return/abc/completion',
    rejection: 'http://127.0.0.1:41234/return/abc/rejection',
    error: 'http://127.0.0.1:41234/return/abc/error',
  },
  statusRetrievalMethod: 'POLLING',
};

const POSTEN = 'xmlns="http://signering.posten.no/schema/v1"';

test('the direct request, manifest and signer update we write validate against direct.xsd', () => {
  const request = writeDirectJobRequest(fullJob);
  assert.equal(schemaErrors(request), '');
  assert.match(request, /<status-retrieval-method>POLLING<\/status-retrieval-method><polling-queue>signing-desk-abc<\/polling-queue>/);
  assert.match(request, /<reference>REF-1 &amp; &lt;co&gt;<\/reference>/);
  const minimalRequest = writeDirectJobRequest({ exitUrls: fullJob.exitUrls });
  assert.equal(schemaErrors(minimalRequest), '');
  // POLLING even when the spec does not say so: the service's default would keep the job off the queue.
  assert.match(minimalRequest, /<status-retrieval-method>POLLING</);

  const manifest = writeDirectManifest(fullJob);
  assert.equal(schemaErrors(manifest), '');
  assert.match(manifest, /<personal-identification-number>01010112377<\/personal-identification-number><signature-type>ADVANCED_ELECTRONIC_SIGNATURE<\/signature-type><on-behalf-of>SELF</);
  assert.match(manifest, /<signer-identifier>Kari Nordmann kundenr: 1337<\/signer-identifier><on-behalf-of>OTHER</);
  const minimal = writeDirectManifest({ ...fullJob, description: undefined, requiredAuthentication: undefined, identifierInSignedDocuments: undefined, signers: [{ customIdentifier: 'x' }] });
  assert.equal(schemaErrors(minimal), '');

  const update = writeDirectSignerUpdateRequest();
  assert.equal(schemaErrors(update), '');
  assert.match(update, /<direct-signer-update-request xmlns="http:\/\/signering\.posten\.no\/schema\/v1"><redirect-url\/><\/direct-signer-update-request>$/);
});

test('the schema check can fail: 11 signers, 21 documents and a portal manifest are refused by direct.xsd', () => {
  assert.match(schemaErrors(writeDirectManifest({ ...fullJob, signers: Array.from({ length: 11 }, (_, i) => ({ customIdentifier: `s${i}` })) })), /signer/);
  const documents = Array.from({ length: 21 }, (_, i) => ({ title: `D${i}`, fileName: `doc${i}.pdf`, mimeType: 'application/pdf' }));
  assert.match(schemaErrors(writeDirectManifest({ ...fullJob, documents })), /document/);
  const portal = writePortalManifest({ organizationNumber: '123456789', title: 'T', documents: fullJob.documents, signers: [{ order: 0, email: 'a@b.no' }] });
  assert.match(schemaErrors(portal), /portal-signature-job-manifest/);
});

test('for the official examples\' jobs we write the official request and manifest', () => {
  const manifest = writeDirectManifest({
    organizationNumber: '123456789',
    title: 'Tittel på oppdrag',
    description: 'Melding til undertegner',
    documents: [{ title: 'Tittel på dokument', fileName: 'document.pdf', mimeType: 'application/pdf' }],
    signers: [{ customIdentifier: 'Test Testesen 1234 test.testesen@example.com kundenr: 1337' }],
    identifierInSignedDocuments: 'DATE_OF_BIRTH_AND_NAME',
    exitUrls: fullJob.exitUrls,
  });
  assert.equal(manifest, compact(example('manifest-signer-without-pin.xml')));
  // The official request leaves the retrieval method to the default; ours always names POLLING.
  const request = writeDirectJobRequest({
    reference: '123-ABC',
    exitUrls: { completion: 'https://www.sender.org/completed', rejection: 'https://www.sender.org/rejected', error: 'https://www.sender.org/failed' },
  });
  assert.equal(request.replace('<status-retrieval-method>POLLING</status-retrieval-method>', ''), compact(example('request.xml')));
});

test('reads the official create response: the signer\'s href and redirect URL, trimmed, the deprecated copies ignored', () => {
  const created = readDirectCreateResponse(example('response.xml'));
  assert.deepEqual(created, {
    signatureJobId: '1',
    reference: undefined,
    statusUrl: 'https://api.signering.posten.no/api/123456789/direct/signature-jobs/1/status',
    signers: [
      {
        identifier: '12345678910',
        identifierKind: 'nationalIdentityNumber',
        redirectUrl: 'https://signering.posten.no#/redirect/421e7ac38da1f81150cfae8a053cef62f9e7433ffd9395e5805e820980653657',
        signerUrl: 'https://api.signering.posten.no/api/123456789/direct/signature-jobs/1/signers/1',
      },
    ],
  });
});

const base = 'https://api.signering.posten.no/api/123456789/direct/signature-jobs/1';

test('a POLLING job\'s create response: no status URL, signers in another order than the manifest, by PIN and by custom identifier', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ns5:direct-signature-job-response xmlns:ns5="http://signering.posten.no/schema/v1" xmlns:ns2="http://uri.etsi.org/01903/v1.3.2#">
    <ns5:reference>REF-9</ns5:reference><ns5:signature-job-id>1</ns5:signature-job-id>
    <ns5:redirect-url signer="10987654321">https://signering.posten.no#/redirect/b</ns5:redirect-url>
    <ns5:redirect-url signer="123 abc">https://signering.posten.no#/redirect/a</ns5:redirect-url>
    <ns5:signer href="${base}/signers/1"><ns5:personal-identification-number>10987654321</ns5:personal-identification-number><ns5:redirect-url>https://signering.posten.no#/redirect/b</ns5:redirect-url></ns5:signer>
    <ns5:signer href="${base}/signers/2"><ns5:signer-identifier>123 abc</ns5:signer-identifier><ns5:redirect-url>https://signering.posten.no#/redirect/a</ns5:redirect-url><ns5:future>x</ns5:future></ns5:signer>
  </ns5:direct-signature-job-response>`;
  assert.equal(schemaErrors(xml.replace('<ns5:future>x</ns5:future>', '')), '', 'the test document is what the XSD allows');
  const created = readDirectCreateResponse(xml);
  assert.equal(created.reference, 'REF-9');
  assert.equal(created.statusUrl, undefined);
  assert.deepEqual(
    created.signers.map((s) => [s.identifier, s.identifierKind, s.redirectUrl.slice(-1), s.signerUrl.slice(-1)]),
    [
      ['10987654321', 'nationalIdentityNumber', 'b', '1'],
      ['123 abc', 'customIdentifier', 'a', '2'],
    ],
  );
});

test('reads E6\'s direct-signer-response', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<direct-signer-response ${POSTEN} href="${base}/signers/1">
    <personal-identification-number>12345678910</personal-identification-number>
    <redirect-url>
        https://signering.posten.no#/redirect/421e7ac38da1f81150cfae8a053cef62f9e7433ffd9395e5805e820980653657
    </redirect-url>
</direct-signer-response>`;
  assert.equal(schemaErrors(xml), '');
  assert.deepEqual(readDirectSignerResponse(xml), {
    identifier: '12345678910',
    identifierKind: 'nationalIdentityNumber',
    redirectUrl: 'https://signering.posten.no#/redirect/421e7ac38da1f81150cfae8a053cef62f9e7433ffd9395e5805e820980653657',
    signerUrl: `${base}/signers/1`,
  });
});

test('a queue delivery with two signers: each status with its signer, since and its own XAdES URL, matched by name not position', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><direct-signature-job-status-response ${POSTEN}>
    <reference>REF-9</reference><signature-job-id>1</signature-job-id><signature-job-status>IN_PROGRESS</signature-job-status>
    <status signer="123 abc" since="2026-03-01T10:00:00+01:00">WAITING</status>
    <status signer="10987654321" since="2026-03-01T10:05:00+01:00">SIGNED</status>
    <status signer="55555555555" since="2026-03-01T10:06:00+01:00">SIGNED</status>
    <confirmation-url>${base}/complete</confirmation-url>
    <xades-url signer="55555555555">${base}/xades/3</xades-url>
    <xades-url signer="10987654321">${base}/xades/2</xades-url>
    <pades-url>${base}/pades</pades-url>
  </direct-signature-job-status-response>`;
  assert.equal(schemaErrors(xml), '');
  assert.deepEqual(readDirectStatusChange(xml), {
    signatureJobId: '1',
    reference: 'REF-9',
    status: 'IN_PROGRESS',
    confirmationUrl: `${base}/complete`,
    deleteDocumentsUrl: undefined,
    padesUrl: `${base}/pades`,
    signers: [
      { identifier: '123 abc', status: 'WAITING', since: '2026-03-01T10:00:00+01:00' },
      { identifier: '10987654321', status: 'SIGNED', since: '2026-03-01T10:05:00+01:00', xadesUrl: `${base}/xades/2` },
      { identifier: '55555555555', status: 'SIGNED', since: '2026-03-01T10:06:00+01:00', xadesUrl: `${base}/xades/3` },
    ],
  });
});

test('the official single-signer shape without signer attributes: the XAdES URL goes to the signed signer', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<direct-signature-job-status-response ${POSTEN}>
    <signature-job-id>1</signature-job-id>
    <signature-job-status>COMPLETED_SUCCESSFULLY</signature-job-status>
    <status since="2017-01-23T12:51:43+01:00">SIGNED</status>
    <confirmation-url>${base}/complete</confirmation-url>
    <delete-documents-url>${base}/documents</delete-documents-url>
    <xades-url>
        ${base}/xades/1
    </xades-url>
    <pades-url>${base}/pades</pades-url>
</direct-signature-job-status-response>`;
  assert.equal(schemaErrors(xml), '');
  const change = readDirectStatusChange(xml);
  assert.equal(change.status, 'COMPLETED_SUCCESSFULLY');
  assert.equal(change.deleteDocumentsUrl, `${base}/documents`);
  assert.deepEqual(change.signers, [{ identifier: undefined, status: 'SIGNED', since: '2017-01-23T12:51:43+01:00', xadesUrl: `${base}/xades/1` }]);
});

test('unknown elements, attributes and status values are kept or skipped, never refused', () => {
  const xml = `<direct-signature-job-status-response ${POSTEN}>
    <signature-job-id unexpected-element="surprise">7</signature-job-id><signature-job-status>SOMETHING_NEW</signature-job-status>
    <status signer="x">TELEPORTED</status><future-element>y</future-element>
  </direct-signature-job-status-response>`;
  const change = readDirectStatusChange(xml);
  assert.equal(change.signatureJobId, '7');
  assert.equal(change.status, 'SOMETHING_NEW');
  assert.equal(change.confirmationUrl, undefined);
  assert.deepEqual(change.signers, [{ identifier: 'x', status: 'TELEPORTED', since: '' }]);
});

test('wrong roots, other namespaces and answers missing what E6 needs are refused in words', () => {
  const official = example('response.xml');
  assert.throws(() => readDirectCreateResponse(official.replace(POSTEN, 'xmlns="urn:not-posten"')), /<direct-signature-job-response> in the namespace urn:not-posten, not in Posten signering's/);
  assert.throws(() => readDirectStatusChange(official), /Expected <direct-signature-job-status-response> from the service but got direct-signature-job-response/);
  assert.throws(() => readDirectSignerResponse(official), /Expected <direct-signer-response>/);
  assert.throws(() => readDirectCreateResponse(official.replace(/ href="[^"]*"/, '')), (error: Error) => error instanceof UnexpectedResponseError && /Signer 12345678910 .* has no href/.test(error.message));
  assert.throws(() => readDirectCreateResponse(official.replace(/<signer [\s\S]*<\/signer>/, '')), /has no <signer>/);
  assert.throws(() => readDirectStatusChange(`<direct-signature-job-status-response ${POSTEN}><signature-job-id>1</signature-job-id></direct-signature-job-status-response>`), /has no <signature-job-status>/);
});
