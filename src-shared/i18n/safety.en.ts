/** English texts for input checks and document warnings that keep the user and the service safe; merged in messages.en.ts. */
export const safetyEn = {
  'compose.error.lineControlCharacters': 'Line breaks and other control characters cannot be used here.',
  'compose.error.textControlCharacters': 'This text contains invisible control characters. Remove them.',
} as const;
