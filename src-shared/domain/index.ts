export * from './national-identity-number';
export * from './contact';
export * from './limits';
export * from './signer-name';
export * from './organization-number';
export * from './job-lifecycle';
export * from './text';
