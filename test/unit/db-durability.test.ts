// A status change is committed before it is confirmed to the service, which then forgets it: that
// commit must survive a power cut, not only a crash of the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/core/db/open';
import { tempDir } from '../support/core';

test('the database syncs every commit: WAL with synchronous = FULL', () => {
  const dir = tempDir();
  try {
    const db = openDatabase(join(dir.path, 'db.sqlite'));
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('synchronous', { simple: true }), 2, 'FULL (2); NORMAL (1) can lose the last commits on power loss');
    } finally {
      db.close();
    }
    // Also when an existing database (already in WAL mode) is opened again.
    const again = openDatabase(join(dir.path, 'db.sqlite'));
    try {
      assert.equal(again.pragma('synchronous', { simple: true }), 2);
    } finally {
      again.close();
    }
  } finally {
    dir.remove();
  }
});
