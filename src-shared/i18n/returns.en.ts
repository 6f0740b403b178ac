/** The page the signer's browser lands on when it comes back to the app after signing. */
export const returnsEn = {
  'returnPage.completion.title': 'Done',
  'returnPage.completion.body': 'Thank you. You can close this tab. The sender is told as soon as the signing service confirms the signature.',
  'returnPage.rejection.title': 'You declined to sign',
  'returnPage.rejection.body': 'Nothing was signed. You can close this tab.',
  'returnPage.error.title': 'Signing did not finish',
  'returnPage.error.body': 'Something went wrong while signing. You can close this tab; the sender can give you a new link.',
  'returnPage.unknown.title': 'This link is not known',
  'returnPage.unknown.body': 'This address does not belong to any signing here. You can close this tab.',
  'event.signerReturnedCompletion': 'A signer came back from signing, done. Waiting for the signing service to confirm.',
  'event.signerReturnedRejection': 'A signer came back from signing, declined. Waiting for the signing service to confirm.',
  'event.signerReturnedError': 'A signer came back from signing with an error. Waiting for the signing service to say more.',
  'event.signingLinks.one': 'A signing link was handed out',
  'event.signingLinks.other': '{count} signing links were handed out',
} as const;
