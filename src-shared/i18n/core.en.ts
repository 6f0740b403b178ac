/** English texts the core sends out itself (OS notifications and toasts); merged in messages.en.ts. */
export const coreEn = {
  'notify.signerSigned': '{signer} signed',
  'notify.signerFallback': 'Signer {number}',
  'notify.completed': 'Everyone has signed',
  'notify.failed': 'Job failed',
  'notify.cancelled': 'Job cancelled',
  'notify.refused': 'The service refused a job',
  'notify.fileSaved': 'Signed document saved',
} as const;
