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
  // Only the provider registry reaches into a service's folder (issue #10).
  ['src-main/core/sync/x.ts', "import { PostenClient } from '../providers/posten/client'; void PostenClient;", true],
  ['src-main/core/jobs/x.ts', "import { postenProvider } from '../providers/posten'; void postenProvider;", true],
  ['src-main/core/x.ts', "import { x } from './providers/restpki/client'; void x;", true],
  ['src-main/cli/commands/x.ts', "import { PostenError } from '../../core/providers/posten/errors'; void PostenError;", true],
  ['src-main/web/x.ts', "import { x } from '../core/providers/trident'; void x;", true],
  ['src-main/electron/x.ts', "import { x } from '../core/providers/posten/client'; void x;", true],
  ['src-main/core/sync/x.ts', "import { providerOfFlow } from '../providers/registry'; void providerOfFlow;", false],
  ['src-main/core/providers/registry.ts', "import { postenProvider } from './posten'; void postenProvider;", false],
  ['src-main/core/providers/posten/x.ts', "import { PostenClient } from './client'; void PostenClient;", false],
];

for (const [file, source, shouldFail] of cases) {
  test(`${shouldFail ? 'refuses' : 'allows'} ${source.split(';')[0]} in ${file}`, async () => {
    const errors = await importErrors(file, source);
    assert.equal(errors.length > 0, shouldFail, errors.join('\n'));
  });
}
