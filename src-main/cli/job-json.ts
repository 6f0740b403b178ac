import type { JobDetail } from '../../src-shared/contract';
import { maskNationalIdentityNumber } from '../../src-shared/domain';

/** A national identity number as the CLI prints it: masked (`010101*****`) unless --show-pin. */
export function shownPin<T extends string | null | undefined>(value: T, showPin: boolean): T | string {
  return value && !showPin ? maskNationalIdentityNumber(value, { plain: true }) : value;
}

/**
 * The job as `--json` prints it: the contract's JobDetail, with each signer's step also under
 * `order`, the name the service and the command line (`--signer order=N`) use for it, and each
 * national identity number masked unless `showPin`.
 */
export function jobJson(job: JobDetail, showPin: boolean) {
  return { ...job, signers: job.signers.map((signer) => ({ ...signer, nationalIdentityNumber: shownPin(signer.nationalIdentityNumber, showPin), order: signer.step })) };
}
export type JobJson = ReturnType<typeof jobJson>;
