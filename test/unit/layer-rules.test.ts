import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: [string, string, boolean][] = [
  ['src-shared/contract/x.ts', "import 'electron';", true],
  ['src-shared/contract/x.ts', "import { app } from 'electron/main'; void app;", true],
  ['src-shared/contract/x.ts', "import { readFileSync } from 'node:fs'; readFileSync('x');", true],
  ['src-shared/contract/x.ts', "import React from 'react'; void React;", true],
  ['src-shared/contract/x.ts', "import { createCore } from '../../src-main/core'; void createCore;", true],
  ['src-shared/contract/x.ts', "import { z } from 'zod'; void z;", false],
  ['src-renderer/x.ts', "import fs from 'node:fs'; void fs;", true],
  ['src-renderer/x.ts', "import { ipcRenderer } from 'electron'; void ipcRenderer;", true],
  ['src-renderer/x.ts', "import { createCore } from '../src-main/core'; void createCore;", true],
  ['src-renderer/x.ts', "import { methods } from '../src-shared/contract'; void methods;", false],
  ['src-main/core/x.ts', "import { app } from 'electron'; void app;", true],
  ['src-main/core/x.ts', "import { startSandbox } from '../../sandbox'; void startSandbox;", true],
  ['src-main/web/x.ts', "import { app } from 'electron'; void app;", true],
  ['src-main/electron/x.ts', "import { app } from 'electron'; void app;", false],
  ['sandbox/x.ts', "import { createCore } from '../src-main/core'; void createCore;", true],
];

for (const [file, source, shouldFail] of cases) {
  test(`${shouldFail ? 'refuses' : 'allows'} ${source.split(';')[0]} in ${file}`, async () => {
    const errors = await importErrors(file, source);
    assert.equal(errors.length > 0, shouldFail, errors.join('\n'));
  });
}
