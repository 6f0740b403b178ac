import type { EventName, MethodName } from './index';

/**
 * The contract's method and event names as plain lists, without the schemas. The Electron preload
 * builds `window.signingDesk` from these: importing the zod contract there would bundle zod into
 * the one script that runs with IPC access. test/unit/contract-names.test.ts checks both lists
 * against the contract's own keys, so they cannot drift; the types below catch a missing name at
 * compile time too.
 */
export const METHOD_NAMES = [
  'app.info',
  'settings.get',
  'settings.update',
  'accounts.list',
  'accounts.add',
  'accounts.get',
  'accounts.update',
  'accounts.test',
  'accounts.testDraft',
  'accounts.testUpdate',
  'accounts.removalImpact',
  'accounts.remove',
  'documents.stage',
  'jobs.list',
  'jobs.get',
  'jobs.create',
  'jobs.signingLinks',
  'jobs.cancel',
  'jobs.retrySubmit',
  'jobs.listUnmatched',
  'jobs.dismissUnmatched',
  'jobs.retryFiling',
  'jobs.deleteDocuments',
  'jobs.archive',
  'jobs.unarchive',
  'jobs.saveAgain',
  'jobs.saveToChosenFolder',
  'drafts.save',
  'drafts.get',
  'drafts.delete',
  'folders.check',
  'folders.create',
  'host.showInFolder',
  'sync.run',
] as const satisfies readonly MethodName[];

export const EVENT_NAMES = ['settings.changed', 'jobs.changed', 'progress', 'accounts.changed', 'notification'] as const satisfies readonly EventName[];

// A contract name missing from a list above fails here, at compile time.
type Unlisted<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const _everyMethodListed: Unlisted<MethodName, (typeof METHOD_NAMES)[number]> = true;
const _everyEventListed: Unlisted<EventName, (typeof EVENT_NAMES)[number]> = true;

/**
 * `jobs.saveAgain` -> `['jobs', 'saveAgain']`: where a method sits on `window.signingDesk`
 * (`signingDesk.jobs.saveAgain(input)`). Every method name is exactly `area.action`.
 */
export function splitMethodName(name: string): [area: string, action: string] | undefined {
  const parts = name.split('.');
  return parts.length === 2 && parts[0] !== '' && parts[1] !== '' ? [parts[0]!, parts[1]!] : undefined;
}
