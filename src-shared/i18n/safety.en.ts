/** English texts for input checks and document warnings that keep the user and the service safe; merged in messages.en.ts. */
export const safetyEn = {
  'compose.error.lineControlCharacters': 'Line breaks and other control characters cannot be used here.',
  'compose.error.textControlCharacters': 'This text contains invisible control characters. Remove them.',
  'compose.doc.warning.javascript': 'This PDF contains JavaScript, which can run when a signer opens it. Send it only if you know why it is there.',
  'compose.doc.warning.embeddedFiles': 'This PDF has other files embedded in it, and the signers get them too. Send it only if they belong there.',
} as const;
