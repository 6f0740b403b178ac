import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TridentTest, basicCredentials, samplePdf, processJson, SIGNING_SCOPE } from './trident-helpers';

const SECRET = 'p+ss/w:rd%20& æ';
const t = await TridentTest.start({ trident: { clientId: 'desk app', clientSecret: SECRET } });
test.after(() => t.dispose());

test('a token for the client credentials, form-encoded before base64: random hex, Bearer, 120 s, not cached', async () => {
  const reply = await t.tokenRequest(basicCredentials('desk app', SECRET));
  assert.equal(reply.status, 200, reply.text);
  assert.match(reply.json.access_token as string, /^[0-9a-f]{64}$/);
  assert.equal(reply.json.token_type, 'Bearer');
  assert.equal(reply.json.expires_in, 120);
  assert.equal(reply.headers['cache-control'], 'no-store');
  // no scope asked for: the server's default for this grant, the signing scope
  const defaultScope = await t.tokenRequest(basicCredentials('desk app', SECRET), { grant_type: 'client_credentials' });
  assert.equal(defaultScope.status, 200, defaultScope.text);
});

test('the secret sent as RFC 2617 Basic would send it (not form-encoded) is refused: invalid_client, 401', async () => {
  const raw = `Basic ${Buffer.from(`desk app:${SECRET}`).toString('base64')}`;
  const reply = await t.tokenRequest(raw);
  assert.equal(reply.status, 401, reply.text);
  assert.deepEqual(reply.json, { error: 'invalid_client', error_description: 'invalidCredentials' });
  assert.match(reply.headers['www-authenticate'], /^Basic /);
  // "+" left raw reads as a space: also a different secret
  const plusOnly = await TridentTest.start({ trident: { clientSecret: 'a+b' } });
  try {
    const rawPlus = `Basic ${Buffer.from(`${plusOnly.info.clientId}:a+b`).toString('base64')}`;
    assert.equal((await plusOnly.tokenRequest(rawPlus)).status, 401);
    assert.equal((await plusOnly.tokenRequest(basicCredentials(plusOnly.info.clientId, 'a+b'))).status, 200);
  } finally {
    await plusOnly.dispose();
  }
});

test('the default secret of a data dir holds characters that need form-encoding, and stays across restarts', async () => {
  const first = await TridentTest.start();
  const { clientSecret, clientId } = first.info;
  assert.match(clientSecret, /[+/:%& ]/);
  assert.equal((await first.tokenRequest(basicCredentials(clientId, clientSecret))).status, 200);
  await first.sandbox.close();
  const again = await TridentTest.start({}, first.dir);
  try {
    assert.equal(again.info.clientSecret, clientSecret);
    assert.equal((await again.tokenRequest(basicCredentials(clientId, clientSecret))).status, 200);
  } finally {
    await again.dispose();
  }
});

test('refusals follow RFC 6749: wrong secret, no Basic, secret in the body, wrong grant, wrong scope, unknown server', async () => {
  const good = basicCredentials('desk app', SECRET);
  const cases: [string, Promise<Awaited<ReturnType<typeof t.tokenRequest>>>, number, string, string?][] = [
    ['wrong secret', t.tokenRequest(basicCredentials('desk app', 'guess')), 401, 'invalid_client', 'invalidCredentials'],
    ['unknown client', t.tokenRequest(basicCredentials('someone', SECRET)), 401, 'invalid_client', 'invalidCredentials'],
    ['no Authorization', t.tokenRequest(undefined), 401, 'invalid_client', 'unsupportedAuthenticationScheme'],
    ['credentials in the body', t.tokenRequest(undefined, { grant_type: 'client_credentials', client_id: 'desk app', client_secret: SECRET }), 401, 'invalid_client', 'unsupportedAuthenticationScheme'],
    ['Bearer instead of Basic', t.tokenRequest('Bearer abc'), 401, 'invalid_client', 'unsupportedAuthenticationScheme'],
    ['authorization_code grant', t.tokenRequest(good, { grant_type: 'authorization_code', code: 'x' }), 400, 'unsupported_grant_type'],
    ['password grant', t.tokenRequest(good, { grant_type: 'password', username: 'u', password: 'p' }), 400, 'unsupported_grant_type'],
    ['no grant_type', t.tokenRequest(good, { scope: SIGNING_SCOPE }), 400, 'invalid_request'],
    ['another scope', t.tokenRequest(good, { grant_type: 'client_credentials', scope: `${SIGNING_SCOPE} urn:safelayer:eidas:sign:identity:use:server` }), 400, 'invalid_scope'],
    ['unknown authorization server', t.tokenRequest(good, undefined, 'main-as'), 404, 'invalid_request'],
  ];
  for (const [name, pending, status, error, description] of cases) {
    const reply = await pending;
    assert.equal(reply.status, status, `${name}: ${reply.text}`);
    assert.equal(reply.json.error, error, name);
    if (description) assert.equal(reply.json.error_description, description, name);
  }
  const json = await t.http('POST', `/trustedx-authserver/oauth/${t.info.authServer}/token`, { body: '{}', headers: { authorization: good, 'content-type': 'application/json' } });
  assert.equal(json.status, 400);
  assert.equal(json.json.error, 'invalid_request');
  assert.equal((await t.http('GET', `/trustedx-authserver/oauth/${t.info.authServer}/token`, { headers: { authorization: good } })).status, 405);
});

test('Bearer checks: none is a bare 401 challenge, unknown is invalid_token, a malformed header is 400', async () => {
  const none = await t.http('GET', '/signer_processes/abc');
  assert.equal(none.status, 401);
  assert.equal(none.headers['www-authenticate'], 'Bearer realm="trustedx-resources"');
  assert.deepEqual(Object.keys(none.json).sort(), ['error', 'error_description', 'error_details']);

  const basic = await t.http('GET', '/signer_processes/abc', { headers: { authorization: basicCredentials('desk app', SECRET) } });
  assert.equal(basic.status, 401);
  assert.doesNotMatch(basic.headers['www-authenticate'], /error=/);

  const unknown = await t.api('GET', '/signer_processes/abc', { token: 'a'.repeat(64) });
  assert.equal(unknown.status, 401);
  assert.match(unknown.headers['www-authenticate'], /^Bearer realm="trustedx-resources", error="invalid_token"/);
  assert.equal(unknown.json.error, 'invalid_token');

  const malformed = await t.http('GET', '/signer_processes/abc', { headers: { authorization: 'Bearer a b' } });
  assert.equal(malformed.status, 400);
  assert.match(malformed.headers['www-authenticate'], /error="invalid_request"/);

  // a good token gets as far as the resource (which does not exist)
  const good = await t.api('GET', '/signer_processes/abc');
  assert.equal(good.status, 404);
  assert.equal(good.json.error, 'ProcessNotFoundException');
});

test('a token expires after expires_in on the sandbox clock, whatever the resource', async () => {
  const token = await t.newToken();
  const pdf = await samplePdf();
  const created = await t.createSingle(processJson(), pdf);
  assert.equal(created.status, 201, created.text);
  const id = created.json.id as string;
  assert.equal((await t.api('GET', `/signer_processes/${id}`, { token })).status, 200);
  await t.control('POST', '/clock/advance', { seconds: 119 });
  assert.equal((await t.api('GET', `/signer_processes/${id}/result`, { token })).status, 404, 'still valid one second before');
  await t.control('POST', '/clock/advance', { seconds: 1 });
  for (const path of [`/signer_processes/${id}`, `/signer_processes/${id}/result`, `/signer_processes/${id}/documents`, '/documents']) {
    const reply = await t.api(path === '/documents' ? 'POST' : 'GET', path, { token, ...(path === '/documents' ? { body: pdf, headers: { 'content-type': 'application/pdf' } } : {}) });
    assert.equal(reply.status, 401, path);
    assert.match(reply.headers['www-authenticate'], /error="invalid_token", error_description="The access token has expired"/, path);
  }
  assert.equal((await t.api('GET', `/signer_processes/${id}`, { token: await t.newToken() })).status, 200, 'a new token works');
});

test('the control API expires every token at once, and sets the lifetime of new ones', async () => {
  const token = await t.newToken();
  assert.equal((await t.api('GET', '/signer_processes/abc', { token })).status, 404);
  const expired = await t.control<{ expired: number }>('POST', '/tokens/expire');
  assert.equal(expired.status, 200);
  assert.ok(expired.json.expired >= 1);
  assert.equal((await t.api('GET', '/signer_processes/abc', { token })).status, 401);

  assert.equal((await t.control('POST', '/token-lifetime', { seconds: 5 })).status, 200);
  const short = await t.tokenRequest(basicCredentials('desk app', SECRET));
  assert.equal(short.json.expires_in, 5);
  await t.control('POST', '/clock/advance', { seconds: 5 });
  assert.equal((await t.api('GET', '/signer_processes/abc', { token: short.json.access_token as string })).status, 401);
  await t.control('POST', '/token-lifetime', { seconds: 120 });
});
