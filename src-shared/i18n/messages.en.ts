/**
 * The English catalogue is the reference: its keys define `MessageKey`, and every other catalogue
 * must provide exactly these keys (checked by the type of `nb` and by a unit test).
 * Placeholders are written `{name}` and filled by `format`.
 */
import { attentionEn } from './attention.en';
import { accountsEn } from './accounts.en';
import { composeEn } from './compose.en';
import { returnsEn } from './returns.en';
import { cliEn } from './cli.en';
import { cliDirectEn } from './cli-direct.en';
import { coreEn } from './core.en';
import { failuresEn } from './failures.en';
import { generalEn } from './general.en';
import { jobPagesEn } from './job-pages.en';
import { verificationEn } from './verification.en';
import { syncEn } from './sync.en';
import { saveFolderEn } from './save-folder.en';
import { signersEn } from './signers.en';
import { removalEn } from './removal.en';
import { safetyEn } from './safety.en';
import { inputChecksEn } from './input-checks.en';
import { leftoversEn } from './leftovers.en';
import { directEn } from './direct.en';
import { restPkiEn } from './restpki.en';
import { webHostEn } from './web-host.en';
import { tridentEn } from './trident.en';

export const en = {
  ...composeEn,
  ...returnsEn,
  ...jobPagesEn,
  ...coreEn,
  ...cliEn,
  ...cliDirectEn,
  ...failuresEn,
  ...generalEn,
  ...verificationEn,
  ...syncEn,
  ...saveFolderEn,
  ...signersEn,
  ...attentionEn,
  ...accountsEn,
  ...removalEn,
  ...safetyEn,
  ...inputChecksEn,
  ...leftoversEn,
  ...directEn,
  ...restPkiEn,
  ...webHostEn,
  ...tridentEn,
  'app.name': 'Signing Desk',
  'app.skipToContent': 'Skip to main content',
  'app.loading': 'Loading…',
  'app.pageTitle': '{page} – Signing Desk',

  'nav.label': 'Main',
  'nav.jobs': 'Jobs',
  'nav.compose': 'Compose',
  'nav.accounts': 'Accounts',
  'nav.settings': 'Settings',

  'connection.reconnecting': 'Connection to Signing Desk lost. Reconnecting…',
  'connection.unreachable':
    'Cannot reach Signing Desk. If you restarted it, open the new link it printed. Still trying…',
  'connection.noToken': 'Open Signing Desk from the link it printed when it started.',
  'connection.noTokenDetail': 'This page needs the access key from that link to talk to the app.',

  'jobs.title': 'Jobs',
  'jobs.filters': 'Filter jobs',
  'jobs.filter.inProgress': 'In progress',
  'jobs.filter.needsAttention': 'Needs attention',
  'jobs.filter.completed': 'Completed',
  'jobs.filter.drafts': 'Drafts',
  'jobs.filter.all': 'All',
  'jobs.search': 'Search jobs',
  'jobs.searchPlaceholder': 'Search title, reference or signer',
  'jobs.empty.title': 'No jobs yet',
  'jobs.empty.body': 'Jobs you send for signing appear here, with every signer’s progress.',
  'jobs.empty.action': 'Compose a job',
  'jobs.noMatch.title': 'No matching jobs',
  'jobs.noMatch.body': 'Try another filter or search.',
  'jobs.column.title': 'Title',
  'jobs.column.status': 'Status',
  'jobs.column.progress': 'Signers',
  'jobs.column.updated': 'Updated',
  'jobs.progress': '{signed} of {total} signed',
  'jobs.noSigners': 'No signers',
  'jobs.showing': 'Showing {shown} of {total}',
  'jobs.showMore': 'Show more',
  'jobs.loadError': 'Could not load jobs: {message}',
  'jobs.retry': 'Try again',

  'status.draft': 'Draft',
  'status.queued': 'Queued',
  'status.sending': 'Sending',
  'status.expired': 'Expired',
  'status.outcome_unknown': 'Outcome unknown',
  'status.rejected': 'Rejected by service',
  'status.in_progress': 'In progress',
  'status.completed': 'Completed',
  'status.failed': 'Failed',
  'status.cancelled': 'Cancelled',

  'compose.title': 'Compose',

  'accounts.title': 'Accounts',
  'accounts.empty.title': 'No accounts yet',
  'accounts.empty.body':
    'An account connects Signing Desk to a signing service. Add one with your organisation’s enterprise certificate.',
  'accounts.column.name': 'Name',
  'accounts.column.service': 'Service',
  'accounts.column.environment': 'Environment',
  'accounts.column.organization': 'Organisation number',
  'accounts.column.lastSync': 'Last synchronised',
  'accounts.demo': 'Demo',
  'accounts.never': 'Never',
  'accounts.loadError': 'Could not load accounts: {message}',
  'provider.posten': 'Posten signering',
  'provider.restpki': 'Rest PKI Core',
  'provider.trident': 'TRIDENT',
  'environment.production': 'Production',
  'environment.test': 'Test',
  'environment.qa': 'QA',
  'environment.custom': 'Custom',

  'settings.title': 'Settings',
  'settings.appearance': 'Language and appearance',
  'settings.language': 'Language',
  'settings.language.system': 'System',
  'settings.language.nb': 'Norsk bokmål',
  'settings.language.en': 'English',
  'settings.theme': 'Theme',
  'settings.theme.system': 'System',
  'settings.theme.light': 'Light',
  'settings.theme.dark': 'Dark',
  'settings.saveError': 'Could not save the setting: {message}',
  'settings.about': 'About this installation',
  'settings.version': 'Version',
  'settings.host': 'Running as',
  'settings.host.electron': 'Desktop app',
  'settings.host.web': 'Browser (local web host)',
  'settings.host.memory': 'In-process (tests)',
  'settings.host.cli': 'Command line',
  'settings.dataDir': 'Data folder',
  'settings.database': 'Database',
  'settings.secretStorage': 'Secret storage',
  'settings.secretStorage.os-keychain': 'The operating system’s key store',
  'settings.secretStorage.file-insecure': 'A file in the data folder (not encrypted)',
  'settings.secretStorage.memory': 'Memory only (not kept)',
  'settings.insecureWarning':
    'Passwords and keys are stored unencrypted in the data folder. Use the desktop app for real accounts, or keep this folder private.',

  'toast.region': 'Notifications',
  'toast.dismiss': 'Dismiss notification',
  'toast.open': 'Open',

  'error.generic': 'Something went wrong: {message}',
  'error.transport': 'Signing Desk could not be reached.',
} as const;

export type MessageKey = keyof typeof en;
/** A catalogue: exactly one string for every key of the English one. */
export type Catalogue = { readonly [K in MessageKey]: string };
