import type { JobDetail } from '../../src-shared/contract';

/**
 * The job as `--json` prints it: the contract's JobDetail, with each signer's step also under
 * `order`, the name the service and the command line (`--signer order=N`) use for it.
 */
export function jobJson(job: JobDetail) {
  return { ...job, signers: job.signers.map((signer) => ({ ...signer, order: signer.step })) };
}
export type JobJson = ReturnType<typeof jobJson>;
