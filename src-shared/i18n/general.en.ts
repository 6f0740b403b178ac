/** English words used across areas: counts, certificate holders, details, progress, file names. */
export const generalEn = {
  // `{count}` messages in the Intl.PluralRules forms; use `t.plural('count.pages', n)`.
  'count.documents.one': '{count} document',
  'count.documents.other': '{count} documents',
  'count.pages.one': '{count} page',
  'count.pages.other': '{count} pages',
  'count.signers.one': '{count} signer',
  'count.signers.other': '{count} signers',
  'count.signatures.one': '{count} signature',
  'count.signatures.other': '{count} signatures',
  'count.days.one': '{count} day',
  'count.days.other': '{count} days',
  'count.hours.one': '{count} hour',
  'count.hours.other': '{count} hours',
  'count.bytes.one': '{count} byte',
  'count.bytes.other': '{count} bytes',
  'count.jobs.one': '{count} job',
  'count.jobs.other': '{count} jobs',

  'certificate.holder': '{name} (org. no. {number})',
  'certificate.unnamed': 'an unnamed holder',

  'details.summary': 'Details',
  'details.code': 'Code',

  'dateInput.hint': 'Write it as {pattern}.',
  'dateInput.invalid': 'Write the date and time as {pattern}.',

  'jobs.untitledDraft': 'Untitled draft',
  'accounts.demoName': 'Demo (local sandbox)',

  'progress.preparing': 'Preparing the documents',
  'progress.sending': 'Sending',
  'progress.sent': 'Done',
  'progress.downloadingPdf': 'Downloading the signed PDF',
  'progress.downloadingSignature': 'Downloading a signature',
  'progress.downloaded': 'Downloaded',
  'progress.saving': 'Saving the signed files',
  'progress.saved': 'Saved',
  'progress.notSaved': 'Not saved',

  'accountDetail.lastPollErrorFallback': 'The last attempt to fetch news from the service failed.',
  'jobPage.error.fallback': 'The service gave no further explanation.',
  'jobPage.file.failedFallback': 'The file could not be downloaded or saved. Signing Desk tries again.',
  'jobPage.verification.legacy': 'The signatures were checked when the file was downloaded.',

  // Names of the files and folders the app creates, in the chosen language.
  'fileName.signed': 'signed',
  'fileName.signer': 'signer {number}',
  'fileName.untitled': 'Untitled',
  'fileName.defaultFolder': 'Signed documents',
} as const;
