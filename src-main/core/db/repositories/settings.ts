import type { Database } from 'better-sqlite3';
import { RECENT_SAVE_FOLDERS, Settings, type SettingsPatch } from '../../../../src-shared/contract';

export const defaultSettings: Settings = {
  language: 'system',
  theme: 'system',
  saveFolder: '',
  fileNamePattern: '{reference or title}/{title} - signed.pdf',
  recentSaveFolders: [],
  notifications: { signerSigned: true, jobFinished: true, needsAttention: true, fileSaved: true },
};

export function readSettings(db: Database): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored: Record<string, unknown> = {};
  for (const row of rows) stored[row.key] = JSON.parse(row.value);
  // A value written by another version that no longer parses falls back to its default.
  const merged = { ...defaultSettings, ...stored, notifications: { ...defaultSettings.notifications, ...(stored.notifications as object) } };
  const parsed = Settings.safeParse(merged);
  return parsed.success ? parsed.data : defaultSettings;
}

export function updateSettings(db: Database, patch: SettingsPatch): Settings {
  const current = readSettings(db);
  const next: Settings = { ...current, ...patch, notifications: { ...current.notifications, ...patch.notifications } };
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    for (const [key, value] of Object.entries(next)) write.run(key, JSON.stringify(value));
  })();
  return next;
}

/** Puts a folder saved to by hand first in the recent folders, keeping the last few. */
export function rememberSaveFolder(db: Database, folder: string): Settings {
  const { recentSaveFolders } = readSettings(db);
  const recent = [folder, ...recentSaveFolders.filter((known) => known !== folder)].slice(0, RECENT_SAVE_FOLDERS);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run('recentSaveFolders', JSON.stringify(recent));
  return readSettings(db);
}
