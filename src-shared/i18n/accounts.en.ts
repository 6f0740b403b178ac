/** English texts for checking an account before it is saved (certificate, CA file, connection test); merged in messages.en.ts. */
export const accountsEn = {
  'accountCheck.caRequired': 'The test and QA environments need the CA certificate file: their certificates do not come from a publicly trusted root.',

  'accountForm.caFileRequiredHint': 'Required for test and QA: the PEM file with the test root certificates of Buypass or Commfides.',
  'accountForm.caFileOptionalHint': 'Optional. The PEM file of the certificate authority the service’s certificate comes from; without it, the publicly trusted roots are used.',

  'connectionTest.connected': 'Connected: the service knows you as org. no. {organization}.',
  'connectionTest.connectedOnBehalf': 'Connected: the service knows you as org. no. {organization}, sending for org. no. {sender}.',
  'connectionTest.connectedOther': 'Connected. The service answered: “{answer}”.',
} as const;
