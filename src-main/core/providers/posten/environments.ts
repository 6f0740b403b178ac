import type { AccountSummary } from '../../../../src-shared/contract';

/** API roots of Posten signering (reference §1.1). */
export const postenApiRoots: Record<Exclude<AccountSummary['environment'], 'custom'>, string> = {
  production: 'https://api.signering.posten.no/api',
  test: 'https://api.difitest.signering.posten.no/api',
  qa: 'https://api.difiqa.signering.posten.no/api',
};
