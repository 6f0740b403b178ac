/** Signer names and refusals (issue items 5–6); merged in messages.en.ts. */
export const signersEn = {
  'signers.name': 'Name',
  'signers.nameHint': 'Optional. For this app and the names of the signed files; Posten does not receive it.',
  'signers.error.nameControl': 'A name cannot contain line breaks or other control characters.',
  'signers.rejectedBy': 'Rejected by {who}',
  'signers.rejectedExplained': '{who} rejected signing on {time}. The job has stopped; send a new job if the document still needs signing.',
} as const;
