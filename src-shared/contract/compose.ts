import { z } from 'zod';
import {
  compactCpf,
  compactNationalIdentityNumber,
  cpfProblem,
  hasLineControlCharacters,
  hasTextControlCharacters,
  isValidEmail,
  isValidMobileNumber,
  labelProblem,
  nationalIdentityNumberProblem,
  postenLimits,
  restPkiLimits,
  SIGNER_NAME_MAX_LENGTH,
  signerNameHasControlCharacters,
  tridentLimits,
} from '../domain';
import { Id, inputLimits } from './limits';

export const LINE_CONTROL_MESSAGE = 'Line breaks and other control characters cannot be used here.';
export const TEXT_CONTROL_MESSAGE = 'This text contains invisible control characters. Remove them.';
export const NIN_DATE_MESSAGE = 'The national identity number does not begin with a date of birth.';

/** A one-line text the service shows to people: no line breaks, no control characters. */
const oneLine = (text: z.ZodString) => text.refine((value) => !hasLineControlCharacters(value), LINE_CONTROL_MESSAGE);
/** A text of several lines: tabs and line breaks are fine, other control characters are not. */
const severalLines = (text: z.ZodString) => text.refine((value) => !hasTextControlCharacters(value), TEXT_CONTROL_MESSAGE);
const trimmed = (max: number) => oneLine(z.string().trim().max(max));

export const SignatureTypeInput = z.enum(['ADVANCED', 'AUTHENTICATED']);
export const IdentifierInSignedDocumentsInput = z.enum(['PIN_AND_NAME', 'DOB_AND_NAME', 'NAME']);

/**
 * A signer as the administrator describes them. The rules the service enforces are checked here,
 * once, for the UI, the CLI and the core alike (reference §7).
 */
export const PortalSignerInput = z
  .object({
    /** Kept in the app only: the service has no field for it (see domain/signer-name). */
    name: z.string().trim().max(SIGNER_NAME_MAX_LENGTH).optional(),
    /** Spaces (as in "010101 12345") are allowed and dropped: the service takes 11 digits and echoes them back so. */
    nationalIdentityNumber: z.string().trim().max(inputLimits.nationalIdentityNumber).overwrite(compactNationalIdentityNumber).optional(),
    email: z.string().trim().max(inputLimits.email).optional(),
    /** Sent as typed, spaces removed: 8 Norwegian digits or +country code and number. */
    mobile: z.string().trim().max(inputLimits.mobile).optional(),
    /** Contact details from the public contact register instead of email/mobile (public sector only). */
    lookup: z.enum(['email', 'email+sms']).optional(),
    /** 1-based: signers in the same step sign in parallel, steps one after another. */
    step: z.number().int().min(1).max(postenLimits.maxOrder + 1),
    onBehalfOf: z.enum(['SELF', 'OTHER']).optional(),
    signatureType: SignatureTypeInput.optional(),
  })
  .strict()
  .superRefine((signer, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (signer.nationalIdentityNumber) {
      const nin = nationalIdentityNumberProblem(signer.nationalIdentityNumber);
      if (nin === 'checksum') problem('nationalIdentityNumber', 'The national identity number has a wrong check digit.');
      else if (nin === 'date') problem('nationalIdentityNumber', NIN_DATE_MESSAGE);
      else if (nin) problem('nationalIdentityNumber', 'A national identity number has 11 digits.');
    }
    if (signer.email && !isValidEmail(signer.email)) problem('email', 'This is not an e-mail address.');
    if (signer.name && signerNameHasControlCharacters(signer.name)) problem('name', 'A name cannot contain line breaks or control characters.');
    if (signer.mobile && !isValidMobileNumber(signer.mobile)) problem('mobile', 'A mobile number has 8 digits, or starts with + and the country code.');
    if (signer.lookup) {
      if (!signer.nationalIdentityNumber) problem('lookup', 'Contact register lookup needs a national identity number.');
      if (signer.email || signer.mobile) problem('lookup', 'Use either the contact register or your own e-mail/mobile, not both.');
      if (signer.onBehalfOf === 'OTHER') problem('lookup', 'Contact register lookup is not allowed when signing on behalf of the organisation.');
    } else if (!signer.email && !signer.mobile) {
      problem('email', 'Give an e-mail address or a mobile number so the signer is notified.');
    }
  });
export type PortalSignerInput = z.infer<typeof PortalSignerInput>;

export const DocumentProblem = z.enum(['not-pdf', 'encrypted', 'broken', 'too-large', 'empty', 'unsupported-type']);
export type DocumentProblem = z.infer<typeof DocumentProblem>;

/** Content a signer's PDF reader may act on by itself; sent anyway, but the administrator is told. */
export const DocumentWarning = z.enum(['javascript', 'embedded-files']);
export type DocumentWarning = z.infer<typeof DocumentWarning>;

export const StagedDocument = z.object({
  id: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  pageCount: z.number().int().nullable(),
  sha256: z.string(),
  problem: DocumentProblem.nullable(),
  problemMessage: z.string().nullable(),
  warnings: z.array(DocumentWarning),
});
export type StagedDocument = z.infer<typeof StagedDocument>;

/** Base64 of a document half as large again as the service takes, so a too-large file is still named as such. */
export const maxStagedContentChars = Math.ceil((postenLimits.documentBytes * 1.5 * 4) / 3);

export const StageDocumentInput = z
  .object({
    fileName: z.string().trim().min(1).max(255),
    /** Base64 of the file; documents are checked in main, never trusted from the renderer. */
    contentBase64: z.string().max(maxStagedContentChars),
  })
  .strict();

export const ComposeDocumentInput = z
  .object({
    stagedId: Id,
    title: oneLine(z.string().trim().min(1, 'A document needs a title.').max(postenLimits.documentTitleLength)),
  })
  .strict();

/** How Posten's flows have the signers identify themselves, and what the signed documents show of them. */
const signingFields = {
  requiredAuthentication: z.union([z.literal(3), z.literal(4)]).optional(),
  identifierInSignedDocuments: IdentifierInSignedDocumentsInput.optional(),
};

/** The national identity number can be shown in the signed documents only when every signer has one. */
function checkIdentifierShown(job: { identifierInSignedDocuments?: string; signers: { nationalIdentityNumber?: string }[] }, ctx: z.RefinementCtx): void {
  if (job.identifierInSignedDocuments === 'PIN_AND_NAME' && job.signers.some((s) => !s.nationalIdentityNumber)) {
    ctx.addIssue({ code: 'custom', path: ['identifierInSignedDocuments'], message: 'Showing the national identity number in the document needs every signer to have one.' });
  }
}

/** What every job has, whichever the flow: its account, texts and documents. */
const jobFields = {
  accountId: Id,
  /** The draft this job was composed in; it is removed once the job is in the outbox. */
  draftId: Id.optional(),
  title: oneLine(z.string().trim().min(1, 'The job needs a title.').max(postenLimits.titleLength)),
  nonsensitiveTitle: trimmed(postenLimits.nonsensitiveTitleLength).optional(),
  description: severalLines(z.string().trim().max(postenLimits.descriptionLength)).optional(),
  reference: trimmed(postenLimits.referenceLength).optional(),
  documents: z.array(ComposeDocumentInput).min(1, 'Add at least one document.').max(postenLimits.documents),
};

export const CreatePortalJobInput = z
  .object({
    flow: z.literal('portal'),
    ...jobFields,
    signers: z.array(PortalSignerInput).min(1, 'Add at least one signer.').max(postenLimits.signers),
    /** How long each step may take, counted from its activation. */
    availableDays: z.number().int().min(1).max(postenLimits.maxAvailableSeconds / 86400, 'The deadline can be at most 90 days.').optional(),
    availableSeconds: z.number().int().min(60).max(postenLimits.maxAvailableSeconds, 'The deadline can be at most 90 days.').optional(),
    activationTime: z.iso.datetime({ offset: true }).max(inputLimits.isoDateTime).optional(),
    ...signingFields,
  })
  .strict()
  .superRefine((job, ctx) => {
    checkIdentifierShown(job, ctx);
    const steps = [...new Set(job.signers.map((s) => s.step))].sort((a, b) => a - b);
    if (steps.some((step, index) => step !== index + 1)) {
      ctx.addIssue({ code: 'custom', path: ['signers'], message: 'Steps must follow each other without gaps (1, 2, 3 ...).' });
    }
  });
export type CreatePortalJobInput = z.input<typeof CreatePortalJobInput>;

/** A direct-flow signer (reference §3.7): known to the service by national identity number or by an identifier of our own. */
export const DirectSignerInput = z
  .object({
    /** Kept in the app only. */
    name: z.string().trim().max(SIGNER_NAME_MAX_LENGTH).optional(),
    nationalIdentityNumber: z.string().trim().max(inputLimits.nationalIdentityNumber).optional(),
    /** Any text unique in the job, for a signer whose number is not known. */
    customIdentifier: trimmed(postenLimits.signerIdentifierLength).optional(),
    onBehalfOf: z.enum(['SELF', 'OTHER']).optional(),
    signatureType: SignatureTypeInput.optional(),
  })
  .strict()
  .superRefine((signer, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (signer.nationalIdentityNumber && signer.customIdentifier) problem('customIdentifier', 'Give a national identity number or an identifier, not both.');
    else if (!signer.nationalIdentityNumber && !signer.customIdentifier) problem('nationalIdentityNumber', 'Give a national identity number or an identifier of your own.');
    if (signer.nationalIdentityNumber) {
      const nin = nationalIdentityNumberProblem(signer.nationalIdentityNumber);
      if (nin === 'checksum') problem('nationalIdentityNumber', 'The national identity number has a wrong check digit.');
      else if (nin) problem('nationalIdentityNumber', 'A national identity number has 11 digits.');
    }
    if (signer.name && signerNameHasControlCharacters(signer.name)) problem('name', 'A name cannot contain line breaks or control characters.');
  });
export type DirectSignerInput = z.infer<typeof DirectSignerInput>;

/** A direct job: signers sign right now in a browser, at an address the app hands out; no order, no notifications, 30 days. */
export const CreateDirectJobInput = z
  .object({
    flow: z.literal('direct'),
    ...jobFields,
    signers: z.array(DirectSignerInput).min(1, 'Add at least one signer.').max(postenLimits.signers),
    ...signingFields,
  })
  .strict()
  .superRefine((job, ctx) => {
    checkIdentifierShown(job, ctx);
    const identifiers = job.signers.map((s) => s.nationalIdentityNumber ?? `id:${s.customIdentifier}`);
    if (new Set(identifiers).size !== identifiers.length) ctx.addIssue({ code: 'custom', path: ['signers'], message: 'Each signer must be a different person: the same identifier is given twice.' });
  });
export type CreateDirectJobInput = z.input<typeof CreateDirectJobInput>;

/** One TRIDENT label, usable in the command line's `a+b,c+d` too. */
const TridentLabel = z
  .string()
  .trim()
  .max(tridentLimits.labelLength)
  .superRefine((label, ctx) => {
    if (labelProblem(label)) ctx.addIssue({ code: 'custom', message: 'A label cannot be empty or hold a comma, a plus sign or a control character.' });
  });

/** Which signing identities may sign: any of these sets, an identity holding every label of a set (reference B5). */
export const TridentLabelSets = z.array(z.array(TridentLabel).min(1).max(tridentLimits.labelsPerSet)).max(tridentLimits.labelSets);

/** A TRIDENT signer: the person is whoever signs in at the service; the name is the app's own. */
export const TridentSignerInput = z
  .object({ name: z.string().trim().max(SIGNER_NAME_MAX_LENGTH).optional() })
  .strict()
  .superRefine((signer, ctx) => {
    if (signer.name && signerNameHasControlCharacters(signer.name)) ctx.addIssue({ code: 'custom', path: ['name'], message: 'A name cannot contain line breaks or control characters.' });
  });
export type TridentSignerInput = z.infer<typeof TridentSignerInput>;

/**
 * A TRIDENT job: the signers sign one after another, each in a signer process of their own at an
 * address the app hands out, every one signing all documents in one pass. `description` is shown
 * on the service's agreement page; `labels`, when given, replace the account's.
 */
export const CreateTridentJobInput = z
  .object({
    flow: z.literal('trident'),
    ...jobFields,
    documents: z.array(ComposeDocumentInput).min(1, 'Add at least one document.').max(tridentLimits.documents),
    signers: z.array(TridentSignerInput).min(1, 'Add at least one signer.').max(tridentLimits.signers),
    labels: TridentLabelSets.optional(),
  })
  .strict();
export type CreateTridentJobInput = z.input<typeof CreateTridentJobInput>;

/** A job of any flow; `flow` says which, and each flow's rules are checked by its own schema. */

/**
 * A Rest PKI Core signer: whoever opens their link, unless a CPF restricts the session to
 * certificates carrying that number (`certificateRequirements`). The name is kept in the app only.
 */
export const RestPkiSignerInput = z
  .object({
    name: z.string().trim().max(SIGNER_NAME_MAX_LENGTH).optional(),
    /** Typed with or without dots and dash; kept as its 11 digits (leading zeros matter). */
    cpf: z.string().trim().max(inputLimits.nationalIdentityNumber).overwrite(compactCpf).optional(),
  })
  .strict()
  .superRefine((signer, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (signer.cpf) {
      const cpf = cpfProblem(signer.cpf);
      if (cpf === 'checksum' || cpf === 'repeated') problem('cpf', 'The CPF has a wrong check digit.');
      else if (cpf) problem('cpf', 'A CPF has 11 digits.');
    }
    if (signer.name && signerNameHasControlCharacters(signer.name)) problem('name', 'A name cannot contain line breaks or control characters.');
  });
export type RestPkiSignerInput = z.infer<typeof RestPkiSignerInput>;

/**
 * A Rest PKI Core job: one signature session per signer, in the order given, each next one with
 * the documents as the previous signer signed them. No deadline (each address lives 4 hours), no
 * notifications; the app hands out the addresses.
 */
export const CreateRestPkiJobInput = z
  .object({
    flow: z.literal('restpki'),
    ...jobFields,
    signers: z.array(RestPkiSignerInput).min(1, 'Add at least one signer.').max(restPkiLimits.maxSigners),
    /** The signer is sent back before the documents are processed; the app learns the outcome by asking. */
    backgroundProcessing: z.boolean().optional(),
    /** The signing page offers no download: the signed files come only through the app. */
    disableDownloads: z.boolean().optional(),
  })
  .strict()
  .superRefine((job, ctx) => {
    const cpfs = job.signers.map((s) => s.cpf).filter(Boolean);
    if (new Set(cpfs).size !== cpfs.length) ctx.addIssue({ code: 'custom', path: ['signers'], message: 'Each signer must be a different person: the same CPF is given twice.' });
  });
export type CreateRestPkiJobInput = z.input<typeof CreateRestPkiJobInput>;

/** A job of any flow; `flow` says which, and each flow's rules are checked by its own schema. */
export const CreateJobInput = z.discriminatedUnion('flow', [CreatePortalJobInput, CreateDirectJobInput, CreateRestPkiJobInput, CreateTridentJobInput]);
export type CreateJobInput = z.input<typeof CreateJobInput>;
