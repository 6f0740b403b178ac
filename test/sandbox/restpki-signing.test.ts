// Signing on the Rest PKI Core sandbox's page: real PAdES with a CPF person's certificate (checked
// by pdfsig), certificate requirements, several sessions in a row on one PDF, the return to the
// app (its query kept) or "you may close this tab", and Cancel.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { Pdfsig, RestPkiTestSandbox, formOf, openPage, pressOnPage, samplePdf, signaturesOf } from './restpki-helpers';

let sb: RestPkiTestSandbox;
let pdfsig: Pdfsig;
let pdf: Buffer;

before(async () => {
  [sb, pdf] = await Promise.all([RestPkiTestSandbox.start(), samplePdf('Sales contract', 2)]);
  pdfsig = await Pdfsig.trusting(sb.info.caCertificate, sb.dir);
});
after(() => sb.dispose());

const RETURN = 'http://127.0.0.1:1/r/Zx9-token?job=J42&lang=pt%2DBR';

describe('the signing page', () => {
  test('signs for real: PAdES that pdfsig verifies as valid and trusted, by the chosen person with their CPF', async () => {
    const { sessionId, redirectUrl } = await sb.createSession([pdf], { returnUrl: RETURN, callbackArgument: 'J42' });
    const page = await openPage(redirectUrl);
    assert.equal(page.status, 200);
    assert.match(page.html, /document-1\.pdf/);
    assert.deepEqual(formOf(page.html).persons, ['maria', 'joao', 'ana'], 'test persons with different CPFs to choose from');
    assert.match(page.html, /123\.456\.789-09/);
    assert.match(page.html, /529\.982\.247-25/);

    const signed = await pressOnPage(redirectUrl, 'Sign', 'joao');
    assert.equal(signed.status, 303);
    assert.equal(signed.location, `${RETURN}&signatureSessionId=${sessionId}`, 'the return URL with its own query kept, the id appended');

    const session = await sb.session(sessionId);
    assert.equal(session.status, 'Completed');
    assert.equal(session.callbackArgument, 'J42');
    assert.equal(session.signerCertificate?.pkiBrazil?.cpf, '52998224725');
    assert.equal(session.signerCertificate?.pkiBrazil?.certificateType, 'A1');
    assert.equal(session.signerCertificate?.subjectDisplayName, 'João Pereira Souza');
    assert.equal(session.signerCertificate?.subjectIdentifier, '52998224725');
    assert.equal(session.signerCertificate?.issuer?.subjectCommonName, 'Signing Desk Sandbox Issuing CA');
    const [document] = session.documents;
    assert.equal(document.status, 'Completed');
    assert.ok(document.dateSigned);
    assert.ok(document.signedFile, 'the signed file is offered once Completed');
    assert.equal(document.signedFile.url, document.signedFile.location);

    const download = await sb.download(document.signedFile.url);
    assert.equal(download.status, 200);
    assert.equal(download.body.length, document.signedFile.length);
    const report = await pdfsig.report(download.body);
    assert.deepEqual(signaturesOf(report), [{ commonName: 'João Pereira Souza:52998224725', valid: true, trusted: true, whole: true }], report);
    assert.match(report, /ETSI\.CAdES\.detached/);
  });

  test('the person certificate carries the CPF as ICP-Brasil does: CN "NAME:CPF" and subjectAltName otherName 2.16.76.1.3.1', async () => {
    const { sessionId, redirectUrl } = await sb.createSession([pdf]);
    await pressOnPage(redirectUrl, 'Sign', 'maria');
    const session = await sb.session(sessionId);
    const signed = (await sb.download(session.documents[0].signedFile!.url)).body;
    // the CMS holds the signer's certificate: find it by its DER in the PDF's /Contents
    const contents = /\/Contents\s*<([0-9a-fA-F]+)>/.exec(signed.toString('latin1'))![1];
    const cms = Buffer.from(contents, 'hex');
    const certificates = [...cms.toString('latin1').matchAll(/\x30\x82(..)/gs)]
      .map((m) => {
        try {
          return new X509Certificate(cms.subarray(m.index!, m.index! + 4 + m[1].charCodeAt(0) * 256 + m[1].charCodeAt(1)));
        } catch {
          return undefined;
        }
      })
      .filter((c): c is X509Certificate => c !== undefined);
    const person = certificates.find((c) => c.subject.includes('Maria'));
    assert.ok(person, 'the signer certificate is in the signature');
    assert.match(person.subject, /CN=Maria da Silva:12345678909/);
    assert.match(person.subjectAltName ?? '', /email:maria\.silva@example\.com\.br/);
    // DER of the otherName: OID 2.16.76.1.3.1, then ddmmyyyy + CPF
    assert.ok(person.raw.includes(Buffer.from('0605604c010301', 'hex')), 'otherName type-id 2.16.76.1.3.1');
    assert.ok(person.raw.includes(Buffer.from('1405198012345678909', 'latin1')), 'date of birth and CPF in the otherName');
    assert.equal(session.signerCertificate?.pkiBrazil?.cpf, '12345678909');
    assert.equal(session.signerCertificate?.pkiBrazil?.certificateType, 'A3');
  });

  test('a session restricted to another CPF cannot be signed with that person’s certificate; the right person can', async () => {
    const { sessionId, redirectUrl } = await sb.createSession([pdf], { certificateRequirements: [{ type: 'Cpf', argument: '123.456.789-09' }] });
    const page = await openPage(redirectUrl);
    assert.match(page.html, /accepts only the certificate of CPF 123\.456\.789-09/);
    assert.match(page.html, /value="maria" checked/, 'the person who fits is preselected');

    const refused = await pressOnPage(redirectUrl, 'Sign', 'joao');
    assert.equal(refused.status, 422);
    assert.match(refused.html, /role="alert">The certificate of João Pereira Souza cannot sign here: the session accepts only the certificate of CPF 123\.456\.789-09/);
    assert.equal((await sb.session(sessionId)).status, 'Pending', 'nothing signed');
    const control = await sb.control<{ error: string }>('POST', `/sessions/${sessionId}/sign`, { person: 'joao' });
    assert.equal(control.status, 409);
    assert.equal(control.json.error, 'CERTIFICATE_REQUIREMENTS_NOT_MET');

    assert.equal((await pressOnPage(redirectUrl, 'Sign', 'maria')).status, 303);
    const session = await sb.session(sessionId);
    assert.equal(session.status, 'Completed');
    assert.equal(session.signerCertificate?.pkiBrazil?.cpf, '12345678909');
  });

  test('a CryptoDevice requirement takes only the A3 (token) certificate', async () => {
    const { sessionId, redirectUrl } = await sb.createSession([pdf], { certificateRequirements: [{ type: 'CryptoDevice' }] });
    assert.equal((await pressOnPage(redirectUrl, 'Sign', 'joao')).status, 422);
    assert.equal((await pressOnPage(redirectUrl, 'Sign', 'maria')).status, 303);
    assert.equal((await sb.session(sessionId)).signerCertificate?.pkiBrazil?.certificateType, 'A3');
  });

  test('Cancel: UserCancelled, documents left unsigned, and back to the return URL with the id', async () => {
    const { sessionId, redirectUrl } = await sb.createSession([pdf], { returnUrl: 'http://127.0.0.1:1/r/t#top' });
    const cancelled = await pressOnPage(redirectUrl, 'Cancel');
    assert.equal(cancelled.status, 303);
    assert.equal(cancelled.location, `http://127.0.0.1:1/r/t?signatureSessionId=${sessionId}#top`);
    const session = await sb.session(sessionId);
    assert.equal(session.status, 'UserCancelled');
    assert.equal(session.signerCertificate, undefined);
    assert.deepEqual(session.documents.map((d) => [d.status, d.signedFile]), [['PendingSignature', undefined]]);
    const again = await openPage(redirectUrl);
    assert.match(again.html, /Signature session cancelled/);
    assert.doesNotMatch(again.html, /<form/);
  });

  test('without a returnUrl ("new tab" mode) the page ends by saying the tab may be closed', async () => {
    const { sessionId, redirectUrl } = await sb.createSession([pdf], { enableBackgroundProcessing: true });
    const signed = await pressOnPage(redirectUrl, 'Sign');
    assert.equal(signed.status, 303);
    const done = await openPage(new URL(signed.location!, redirectUrl).toString());
    assert.equal(done.status, 200);
    assert.match(done.html, /You may close this tab\./);
    assert.equal((await sb.session(sessionId)).status, 'Processing');
  });

  test('a pressed-twice Sign goes where the first went and signs once', async () => {
    const { sessionId, redirectUrl } = await sb.createSession([pdf], { returnUrl: RETURN });
    const page = formOf((await openPage(redirectUrl)).html);
    const post = () =>
      fetch(new URL(page.action, redirectUrl), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${page.token}&person=maria` });
    const [first, second] = await Promise.all([post(), post()]);
    assert.deepEqual([first.status, second.status], [303, 303]);
    assert.equal(second.headers.get('location'), first.headers.get('location'));
    const session = await sb.session(sessionId);
    const report = await pdfsig.report((await sb.download(session.documents[0].signedFile!.url)).body);
    assert.equal(signaturesOf(report).length, 1, report);
  });

  test('a wrong token shows no session', async () => {
    const { redirectUrl } = await sb.createSession([pdf]);
    const wrong = redirectUrl.replace(/token=.*/, 'token=guess');
    const page = await openPage(wrong);
    assert.equal(page.status, 404);
    assert.doesNotMatch(page.html, /document-1\.pdf/);
  });
});

describe('several sessions in a row', () => {
  test('each next session given the previous signed PDF adds its signature: pdfsig finds them all valid', async () => {
    let current = pdf;
    const people = ['maria', 'joao', 'ana'];
    for (const [i, person] of people.entries()) {
      const { sessionId, redirectUrl } = await sb.createSession([current]);
      assert.equal((await pressOnPage(redirectUrl, 'Sign', person)).status, 303);
      const signed = (await sb.download((await sb.session(sessionId)).documents[0].signedFile!.url)).body;
      if (i > 0) assert.ok(signed.subarray(0, current.length).equals(current), 'an incremental update: the earlier bytes are untouched');
      current = signed;
      const signatures = signaturesOf(await pdfsig.report(current));
      assert.equal(signatures.length, i + 1);
      assert.ok(signatures.every((s) => s.valid && s.trusted), JSON.stringify(signatures));
    }
    const signatures = signaturesOf(await pdfsig.report(current));
    assert.deepEqual(
      signatures.map((s) => [s.commonName, s.whole]),
      [
        ['Maria da Silva:12345678909', false],
        ['João Pereira Souza:52998224725', false],
        ['Ana Beatriz Costa:11144477735', true],
      ],
    );
  });
});
