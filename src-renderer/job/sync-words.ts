import type { SyncProblem } from '../../src-shared/contract';

/** Whether the problem is the evidence of an outcome unknown (rather than a refused signed file). */
export const isOutcomeUnknownProblem = (problem: SyncProblem): boolean => problem.reason.startsWith('outcome-unknown-');
