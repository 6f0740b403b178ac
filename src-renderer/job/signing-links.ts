import type { JobDetail } from '../../src-shared/contract';
import { flowRules, type FlowRules } from '../../src-shared/domain';

type Job = Pick<JobDetail, 'flow' | 'status' | 'accountRemoved' | 'archivedAt'> & Partial<Pick<JobDetail, 'progress'>>;

/** The compose rules of a job's flow; flows compose does not offer yet have none. */
export const rulesOf = (flow: JobDetail['flow']): FlowRules | undefined => (flow in flowRules ? flowRules[flow as keyof typeof flowRules] : undefined);

/**
 * Whether a signer can be handed an address to sign at now: a flow signed in a browser, the job
 * running at the service and the signer's turn. The core's `jobs.signingLinks` applies the same rule.
 */
export function canSignNow(job: Job, signer: Pick<JobDetail['signers'][number], 'status'> & Partial<Pick<JobDetail['signers'][number], 'step'>>): boolean {
  // Signers who sign one after another (TRIDENT) can sign only in their own step.
  const theirTurn = !job.progress || job.progress.activeStep === null || signer.step === undefined || signer.step === job.progress.activeStep;
  return Boolean(rulesOf(job.flow)?.browserSigning) && !job.accountRemoved && job.archivedAt === null && job.status === 'in_progress' && signer.status === 'waiting' && theirTurn;
}
