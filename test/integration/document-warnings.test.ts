import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestCore, tempDir } from '../support/core';
import { pdfWith } from '../support/active-pdf';
import { call } from '../support/sandbox-account';

const dir = tempDir('sd-doc-warnings-');
const core = createTestCore(dir.path);
after(async () => {
  await core.close();
  dir.remove();
});

test('staging a PDF names JavaScript and embedded files, wherever the file keeps its objects', async () => {
  for (const objectStreams of [true, false]) {
    const warningsOf = async (kind: Parameters<typeof pdfWith>[0]) => {
      const staged = await call(core, 'documents.stage', { fileName: `${kind}.pdf`, contentBase64: (await pdfWith(kind, { objectStreams })).toString('base64') });
      assert.equal(staged.problem, null, 'a warning, not a problem: the document can still be sent');
      return staged.warnings;
    };
    assert.deepEqual(await warningsOf('plain'), [], `plain, object streams ${objectStreams}`);
    assert.deepEqual(await warningsOf('javascript'), ['javascript'], `document JavaScript, object streams ${objectStreams}`);
    assert.deepEqual(await warningsOf('open-action'), ['javascript'], `an open action, object streams ${objectStreams}`);
    assert.deepEqual(await warningsOf('embedded-file'), ['embedded-files'], `an attachment, object streams ${objectStreams}`);
  }
});
