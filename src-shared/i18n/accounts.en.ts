/** English texts for checking an account before it is saved (certificate, CA file, connection test); merged in messages.en.ts. */
export const accountsEn = {
  'accountCheck.orgMismatch': 'The certificate belongs to org. no. {certificate}, but the account is for {account}.',
  'accountCheck.noOrganization':
    'This certificate carries no organisation number, so it is not an enterprise certificate. Choose your organisation’s enterprise certificate (virksomhetssertifikat).',
  'accountCheck.caRequired': 'The test and QA environments need the CA certificate file: their certificates do not come from a publicly trusted root.',
  'accountCheck.caEmpty': 'The CA certificate file holds no PEM certificates.',

  'accountForm.caFileRequiredHint': 'Required for test and QA: the PEM file with the test root certificates of Buypass or Commfides.',
  'accountForm.caFileOptionalHint': 'Optional. The PEM file of the certificate authority the service’s certificate comes from; without it, the publicly trusted roots are used.',

  'connectionTest.connected': 'Connected: the service knows you as org. no. {organization}.',
  'connectionTest.connectedOnBehalf': 'Connected: the service knows you as org. no. {organization}, sending for org. no. {sender}.',
  'connectionTest.connectedOther': 'Connected. The service answered: “{answer}”.',
  'connectionTest.untrusted': 'The service’s certificate was not trusted. Check the CA certificate file and the service’s organisation number.',
  'connectionTest.certificateRefused': 'The service ended the connection, which usually means it did not accept your certificate. Check that it is the right certificate for this environment (a test certificate for test and QA).',
  'connectionTest.unreachable': 'Could not reach the service at {host}. Check the address and the network connection.',
  'connectionTest.notAuthorized': 'The service does not let this certificate send for org. no. {organization}.',
  'connectionTest.refused': 'The service refused the connection test.',
  'connectionTest.serviceDown': 'The service has a problem right now. Try again in a few minutes.',
  'connectionTest.slowDown': 'The service asks Signing Desk to slow down. Try again in a minute.',
  'connectionTest.unreadable': 'The service gave an answer Signing Desk could not read.',
  'connectionTest.details': 'Details',
} as const;
