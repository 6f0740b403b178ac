import type { JobAttention, JobDetail } from '../../src-shared/contract';
import { maskNationalIdentityNumber } from '../../src-shared/domain';
import { createTranslator } from '../../src-shared/i18n';
import { attentionText } from '../../src-shared/i18n/attention-words';

// The command line speaks English, like the rest of its output.
const t = createTranslator('en');

/** Why a job needs attention, in the words the app shows ("Not sent yet: … · next try 10:45"). */
export function attentionReason(attention: JobAttention): string {
  return attentionText(t, 'en', attention);
}

/** `needsAttention` and the reason in words, beside the structured `attention`, for scripts. */
export function attentionJson(job: { attention: JobAttention | null }) {
  return { needsAttention: job.attention !== null, attentionReason: job.attention ? attentionReason(job.attention) : null };
}

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
  return { ...job, ...attentionJson(job), signers: job.signers.map((signer) => ({ ...signer, nationalIdentityNumber: shownPin(signer.nationalIdentityNumber, showPin), order: signer.step })) };
}
export type JobJson = ReturnType<typeof jobJson>;
