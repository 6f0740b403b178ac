export * from './national-identity-number';
export * from './contact';
export * from './limits';
export * from './text';
