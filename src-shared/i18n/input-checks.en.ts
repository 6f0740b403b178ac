/** English words for input checks the bad-input corpus (test/fixtures/bad-inputs) brought; merged in messages.en.ts. */
export const inputChecksEn = {
  'inputCheck.ninDate': 'The national identity number does not begin with a date of birth. Check it for typos.',
  'inputCheck.folderNul': 'A folder path cannot contain a NUL character.',
} as const;
