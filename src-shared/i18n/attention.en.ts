/** English texts for jobs and accounts that need attention (send and filing failures); merged in messages.en.ts. */
export const attentionEn = {
  'attention.notSent': 'Not sent yet. {problem} Next try {at}.',
  'attention.notSentNoRetry': 'Not sent yet. {problem}',
  'attention.lastAttemptFailed': 'The last attempt failed.',
  'attention.outcomeUnknown': 'Sending was interrupted: check whether the service received it',
  'attention.rejected': 'The signing service refused the job',
  'attention.failed': 'Stopped before everyone signed',
  'attention.notFiled': 'Signed, but not saved. {problem}',
  'attention.inFolder': 'Save folder {folder}: {problem}',

  'serviceProblem.network': 'Cannot reach {service} since {since}',
  'serviceProblem.timeout': '{service} has not answered in time since {since}',
  'serviceProblem.tls': 'No trusted connection to {service} since {since}',
  'serviceProblem.server': '{service} has had a fault on its side since {since}',
  'serviceProblem.busy': '{service} has asked us to wait since {since}',
  'serviceProblem.unreadable': '{service} has given answers Signing Desk cannot read since {since}',

  'jobPage.filing.kept': 'The signed files are safe in Signing Desk’s own archive. When the folder is back, choose Try again. Signing Desk also tries again by itself now and then.',
  'jobPage.filing.retry': 'Try again',
  'jobPage.filing.retrying': 'Saving…',
  'jobPage.filing.done': 'Saved the signed files into the save folder.',
  'jobPage.filing.stillFailing': 'Still not saved. {problem}',

  'accountForm.createFolder.title': 'Create the folder?',
  'accountForm.createFolder.body': 'The folder {folder} does not exist. Create it?',
  'accountForm.createFolder.action': 'Create folder',
  'accountForm.createFolder.cancel': 'Cancel',

  'event.filingFailed': 'Could not save the {file}. {problem}',

  'notify.notFiled': 'A signed document could not be saved',
} as const;
