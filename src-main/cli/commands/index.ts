import type { CliCommand } from '../command';
import { accountsAddDemo } from './accounts-add-demo';
import { accountsAddPosten } from './accounts-add-posten';
import { accountsAddTrident } from './accounts-add-trident';
import { accountsAddRestPki } from './accounts-add-restpki';
import { accountsList } from './accounts-list';
import { accountsRemove } from './accounts-remove';
import { accountsTest } from './accounts-test';
import { accountsUpdate } from './accounts-update';
import { draftsDelete } from './drafts-delete';
import { info } from './info';
import { jobsArchive, jobsUnarchive } from './jobs-archive';
import { jobsCancel } from './jobs-cancel';
import { jobsCreateDirect } from './jobs-create-direct';
import { jobsCreatePortal } from './jobs-create-portal';
import { jobsCreateTrident } from './jobs-create-trident';
import { jobsCreateRestPki } from './jobs-create-restpki';
import { jobsLinks } from './jobs-links';
import { jobsDeleteDocuments } from './jobs-delete-documents';
import { jobsList } from './jobs-list';
import { jobsRetry } from './jobs-retry';
import { jobsRetryFiling } from './jobs-retry-filing';
import { jobsSave } from './jobs-save';
import { jobsShow } from './jobs-show';
import { jobsDismissUnmatched, jobsUnmatched } from './jobs-unmatched';
import { sync } from './sync';

/** Every command, in the order the help lists them. */
export const commands: readonly CliCommand[] = [
  accountsAddPosten,
  accountsAddTrident,
  accountsAddRestPki,
  accountsAddDemo,
  accountsList,
  accountsUpdate,
  accountsTest,
  accountsRemove,
  jobsCreatePortal,
  jobsCreateDirect,
  jobsCreateTrident,
  jobsCreateRestPki,
  jobsList,
  jobsShow,
  jobsLinks,
  jobsCancel,
  jobsRetry,
  jobsSave,
  jobsRetryFiling,
  jobsDeleteDocuments,
  jobsUnmatched,
  jobsDismissUnmatched,
  jobsArchive,
  jobsUnarchive,
  draftsDelete,
  sync,
  info,
];
