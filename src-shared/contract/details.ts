import { z } from 'zod';
import { Id, inputLimits, jsonObjectWithin } from './limits';
import { Environment, JobSummary, PollWarning, ProviderKind, SignerStatus } from './schemas';
import { SyncProblem } from './attention';
import { LINE_CONTROL_MESSAGE, TridentLabelSets } from './compose';
import { folderPathText } from './folders';
import { hasLineControlCharacters } from '../domain';

/**
 * An account's name and polling queue are one line: the name is printed by the command line (a
 * control character there can drive the terminal), the queue goes into every job's XML, where a
 * control character makes the service refuse the job.
 */
const accountLine = (text: z.ZodString) => text.refine((value) => !hasLineControlCharacters(value), LINE_CONTROL_MESSAGE);

/** Who a certificate belongs to, for people: its name and organisation number (see holderText). */
export const CertificateHolder = z.object({ name: z.string(), organizationNumber: z.string().nullable() });

/** A stable reason the renderer and CLI word (src-shared/failure.ts), what fills it, and the raw text for "Details". */
export const FailureInfo = z.object({
  reason: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  detail: z.string(),
});

export const VerificationReport = z.object({
  ok: z.boolean(),
  kind: z.enum(['pades', 'xades']),
  signatures: z.number().int(),
  documents: z.number().int().optional(),
  signers: z.array(CertificateHolder.nullable()),
  signedAt: z.string().optional(),
  findings: z.array(
    z.object({
      key: z.string(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      signature: z.number().int().optional(),
      detail: z.string().optional(),
    }),
  ),
});

export const CertificateInfo = z.object({
  /** The full distinguished names, for "Details"; people read `subjectHolder` and `issuerHolder`. */
  subject: z.string(),
  issuer: z.string(),
  subjectHolder: CertificateHolder,
  issuerHolder: CertificateHolder,
  organizationNumber: z.string().nullable(),
  serialNumber: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  /** 'expiring' within 30 days. */
  state: z.enum(['valid', 'expiring', 'expired', 'not-yet-valid']),
});
export type CertificateInfo = z.infer<typeof CertificateInfo>;

/** Environments whose service certificate chains to a root the user must supply (reference §1.3). */
export const environmentsNeedingCa: readonly z.infer<typeof Environment>[] = ['test', 'qa'];

export const AddPostenAccountInput = z
  .object({
    name: accountLine(z.string().trim().min(1, 'Give the account a name.').max(100)),
    environment: Environment,
    /** Required for `custom`; overrides the environment's root otherwise. */
    apiRoot: z.url({ protocol: /^https$/ }).max(inputLimits.url).optional(),
    organizationNumber: z.string().regex(/^\d{9}$/, 'An organisation number has 9 digits.').max(9),
    pollingQueue: accountLine(z.string().trim().min(1).max(100)).optional(),
    certificate: z.object({ fileBase64: z.string().min(1).max(1_000_000), passphrase: z.string().max(1000) }).strict(),
    /** PEM CA certificates the service's certificate must chain to (custom roots such as the sandbox). */
    caCertificatesPem: z.string().max(1_000_000).optional(),
    serverOrganizationNumber: z.string().regex(/^\d{9}$/).max(9).optional(),
    saveFolder: folderPathText(z.string()).optional(),
    /** Create `saveFolder` if it is missing (its parent must exist); without it a missing folder is NEEDS_CONFIRMATION. */
    createSaveFolder: z.boolean().optional(),
    deleteDocumentsAfterFiling: z.boolean().optional(),
    isDemo: z.boolean().optional(),
  })
  .strict()
  .refine((input) => input.environment !== 'custom' || input.apiRoot, { path: ['apiRoot'], message: 'A custom environment needs an API root URL.' })
  // Posten's test and QA services use Buypass/Commfides test roots that no public trust store holds.
  .refine((input) => !environmentsNeedingCa.includes(input.environment) || Boolean(input.caCertificatesPem?.trim()), {
    path: ['caCertificatesPem'],
    message: 'The test and QA environments need the CA certificate file: their certificates do not come from a publicly trusted root.',
  });
export type AddPostenAccountInput = z.input<typeof AddPostenAccountInput>;

/** The addresses Lacuna gives for Rest PKI Core (reference A1); an on-premises instance has its own. */
export const restPkiEndpoints = { saas: 'https://core.pki.rest', homologation: 'https://homolog.core.pki.rest' } as const;

/**
 * A Rest PKI Core account: the instance's address and an application's API key. The key goes to the
 * secret store and nowhere else (never back to the window, never into the database or a log).
 */
/**
 * A TRIDENT (eSignSP) account: the installation's host root, its authorization server and the OAuth
 * client the app signs in as (reference B2). The secret goes to the secret store only.
 */
export const AddTridentAccountInput = z
  .object({
    service: z.literal('trident'),
    name: accountLine(z.string().trim().min(1, 'Give the account a name.').max(100)),
    /** The host root, e.g. https://trident.example.org; the API's paths are added to it. */
    baseUrl: z.url({ protocol: /^https$/ }).max(inputLimits.url),
    /** The authorization server's id: the `{as}` of /trustedx-authserver/oauth/{as}/token. */
    authorizationServer: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._~-]+$/, 'The authorization server is one name of letters, digits, dots, dashes or underscores.'),
    clientId: accountLine(z.string().trim().min(1).max(500)),
    clientSecret: z.string().min(1).max(1000),
    /** The identities allowed to sign, unless a job gives its own. */
    labels: TridentLabelSets.optional(),
    /** `signer.signature_policy_id`; PAdES (…:sign:document:pdf) when absent. */
    signaturePolicy: accountLine(z.string().trim().min(1).max(200)).optional(),
    /** PEM CA certificates of a private installation: the service's certificate must chain to them (and signers' too). */
    caCertificatesPem: z.string().max(1_000_000).optional(),
    saveFolder: folderPathText(z.string()).optional(),
    createSaveFolder: z.boolean().optional(),
    isDemo: z.boolean().optional(),
  })
  .strict();
export type AddTridentAccountInput = z.input<typeof AddTridentAccountInput>;

export const AddRestPkiAccountInput = z
  .object({
    service: z.literal('restpki'),
    name: accountLine(z.string().trim().min(1, 'Give the account a name.').max(100)),
    /** The SaaS, the homologation instance or an on-premises address; HTTPS only, since every request carries the key. */
    endpoint: z.url({ protocol: /^https$/, error: 'Give the address of the Rest PKI Core instance, beginning with https://.' }).max(inputLimits.url),
    /** `appname|secret` as the dashboard shows it once; no spaces or line breaks inside. */
    apiKey: z.string().trim().min(1, 'Give the API key.').max(4000).regex(/^[\x21-\x7e]+$/, 'An API key has no spaces or line breaks.'),
    /** Which PKI the sessions accept; the subscription's default when absent. */
    securityContextId: z.uuid('A security context is a UUID such as 803517ad-3bbc-4169-b085-60053a8f6dbf.').max(36).optional(),
    /** PEM CA certificates the instance's TLS certificate (and signers' certificates) must chain to, for an on-premises or test instance. */
    caCertificatesPem: z.string().max(1_000_000).optional(),
    saveFolder: folderPathText(z.string()).optional(),
    createSaveFolder: z.boolean().optional(),
    isDemo: z.boolean().optional(),
  })
  .strict();
export type AddRestPkiAccountInput = z.input<typeof AddRestPkiAccountInput>;

/**
 * A new account; `service` says at which, and that service's schema checks its own fields. An input
 * without `service` means Posten (every input did before there was a choice).
 */
export const AddAccountInput = z.discriminatedUnion('service', [AddPostenAccountInput.safeExtend({ service: z.literal('posten').default('posten') }), AddRestPkiAccountInput, AddTridentAccountInput]);
export type AddAccountInput = z.input<typeof AddAccountInput>;

export const AccountDetail = z.object({
  id: z.string(),
  /** Which service; the fields below that are Posten's hold neutral values for another service's account. */
  service: ProviderKind,
  name: z.string(),
  environment: Environment,
  apiRoot: z.string(),
  organizationNumber: z.string(),
  pollingQueue: z.string(),
  saveFolder: z.string(),
  deleteDocumentsAfterFiling: z.boolean(),
  isDemo: z.boolean(),
  certificate: CertificateInfo.nullable(),
  lastSyncAt: z.string().nullable(),
  nextPollAt: z.string().nullable(),
  /** The technical text of the last polling failure; `lastPollErrorReason` is what to show. */
  lastPollError: z.string().nullable(),
  lastPollErrorReason: z.string().nullable(),
  pollWarning: PollWarning.nullable(),
  /** A TRIDENT account's settings (never its client secret). */
  trident: z
    .object({
      baseUrl: z.string(),
      authorizationServer: z.string(),
      clientId: z.string(),
      labels: z.array(z.array(z.string())),
      signaturePolicy: z.string().nullable(),
      /** The service's certificate is checked against CA certificates given with the account, not the public roots. */
      privateCa: z.boolean(),
    })
    .optional(),
  /** A Rest PKI Core account's settings (its API key stays in the secret store); absent for other services. */
  restpki: z.object({ endpoint: z.string(), securityContextId: z.string().nullable(), customCa: z.boolean() }).optional(),
});
export type AccountDetail = z.infer<typeof AccountDetail>;

/**
 * A connection test's outcome. `message` is technical (the service's answer, or what went wrong: for
 * logs, the CLI's JSON and "Details"); people read it worded by `connectionTestText`: who the
 * service says we are (`organization`, and `onBehalfOf` for a broker), or the failure's `reason`.
 */
export const ConnectionTestResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  organization: z.string().optional(),
  onBehalfOf: z.string().optional(),
  /** Rest PKI Core: the service accepted the API key (it names no organisation). */
  keyAccepted: z.boolean().optional(),
  reason: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** Services that sign the app in with OAuth (TRIDENT): a token was issued, lasting this long. */
  tokenLifetimeSeconds: z.number().optional(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

export const SignerDetail = z.object({
  id: z.string(),
  position: z.number().int(),
  step: z.number().int(),
  /** Ours only (the service has no field for it); null when none was given. */
  name: z.string().nullable(),
  nationalIdentityNumber: z.string().nullable(),
  /** The identifier of your own a direct-flow signer is known by instead of a national identity number. */
  customIdentifier: z.string().nullable(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  status: SignerStatus,
  /** The service's own word (Posten's RESERVED, BLOCKED, ...); null before the service has the job. */
  serviceStatus: z.string().nullable(),
  /** Where this signer signs now, in flows with a signing address (direct); null otherwise or once done. */
  signUrl: z.string().nullable(),
  statusSince: z.string().nullable(),
  /** Rest PKI Core: only a certificate with this CPF (11 digits) may sign; null for anyone who opens the link. */
  cpf: z.string().nullable().optional(),
  /** The certificate the signer signed with, as the service reported it (Rest PKI Core); null otherwise. */
  certificate: z.object({ name: z.string(), cpf: z.string().nullable(), issuer: z.string().nullable() }).nullable().optional(),
});

/** An address where one signer signs now; it may work once only, so it is asked for when needed. */
export const SigningLink = z.object({
  signerId: z.string(),
  position: z.number().int(),
  url: z.string(),
});
export type SigningLink = z.infer<typeof SigningLink>;

export const DocumentDetail = z.object({
  id: z.string(),
  position: z.number().int(),
  title: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
});

export const JobEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.string(),
  actor: z.enum(['service', 'administrator', 'app']),
  data: z.record(z.string(), z.unknown()),
});

export const DownloadDetail = z.object({
  id: z.string(),
  kind: z.enum(['pades', 'xades', 'signed-pdf']),
  signerId: z.string().nullable(),
  /** The document a signed PDF is of, where each document is signed on its own (`signed-pdf`). */
  documentId: z.string().nullable().optional(),
  state: z.enum(['pending', 'archived', 'filed', 'failed']),
  archivePath: z.string().nullable(),
  savedPath: z.string().nullable(),
  sha256: z.string().nullable(),
  /** Whether the signatures in the downloaded file check out; null until downloaded. */
  verified: z.boolean().nullable(),
  /** The check in technical English; `verificationReport` is what the UI words. */
  verification: z.string().nullable(),
  verificationReport: VerificationReport.nullable(),
  lastError: z.string().nullable(),
  lastErrorReason: z.string().nullable(),
  /** What fills the reason's sentence (the save folder, a file name). */
  lastErrorParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
});

export const JobDetail = JobSummary.extend({
  nonsensitiveTitle: z.string().nullable(),
  description: z.string().nullable(),
  serviceJobId: z.string().nullable(),
  /** The reference sent with the last create, unique per create; a status change carrying it settles an outcome unknown. */
  serviceReference: z.string().nullable(),
  /**
   * A problem the sync engine found that the status does not show (a signed file that did not
   * verify, ...), or the evidence behind an outcome unknown. The job's `attention` says whether it
   * needs the administrator; this says what the engine saw.
   */
  syncProblem: SyncProblem.nullable(),
  /** The service's own word for the job's state; null before it has the job. */
  serviceStatus: z.string().nullable(),
  /**
   * A signer came back to the app from signing (browser flows), before the service confirmed
   * anything: which exit they took, and when. A hint only; the next status from the service clears it.
   */
  returnHint: z.object({ kind: z.enum(['completion', 'rejection', 'error']), at: z.string() }).nullable(),
  /** The service's or the system's code and the technical message; `lastErrorReason` is what to show. */
  lastErrorCode: z.string().nullable(),
  lastErrorMessage: z.string().nullable(),
  lastErrorReason: z.string().nullable(),
  nextSubmitAt: z.string().nullable(),
  lastSyncedAt: z.string().nullable(),
  canCancel: z.boolean(),
  /** Whether the service allows deleting the documents now (everyone signed, 24 hours ago or more). */
  canDeleteDocuments: z.boolean(),
  /** From when it does (ISO, whole minute); null when it never will: not completed, or already deleted. */
  deleteDocumentsFrom: z.string().nullable(),
  /** Finished (or its account removed) and not archived yet. */
  canArchive: z.boolean(),
  /**
   * How the service ended the job in its own terms, where it says more than the status (TRIDENT: a
   * failed process's message, which documents failed); null otherwise.
   */
  outcome: z
    .object({
      serviceStatus: z.string(),
      message: z.string().nullable(),
      documents: z.array(z.object({ documentId: z.string(), serviceStatus: z.string(), message: z.string().nullable() })),
    })
    .nullable()
    .optional(),
  signers: z.array(SignerDetail),
  documents: z.array(DocumentDetail),
  events: z.array(JobEvent),
  downloads: z.array(DownloadDetail),
});
export type JobDetail = z.infer<typeof JobDetail>;

export const SyncReport = z.object({
  submitted: z.number().int(),
  statusChanges: z.number().int(),
  filed: z.number().int(),
  errors: z.array(z.string()),
  /** The same problems as reasons to word, in the order of `errors`. */
  failures: z.array(FailureInfo),
  /** Set when another process (the app, a CLI `sync`) holds this data folder's sync lease: the pass did nothing. */
  syncedElsewhere: z.object({ pid: z.number().int(), host: z.string().max(300) }).optional(),
});
export type SyncReport = z.infer<typeof SyncReport>;

export const UpdatePostenAccountInput = z
  .object({
    id: Id,
    name: accountLine(z.string().trim().min(1).max(100)).optional(),
    pollingQueue: accountLine(z.string().trim().min(1).max(100)).optional(),
    saveFolder: folderPathText(z.string()).optional(),
    /** As for adding: create a missing `saveFolder` whose parent exists. */
    createSaveFolder: z.boolean().optional(),
    deleteDocumentsAfterFiling: z.boolean().optional(),
    /** A renewed enterprise certificate replaces the old one. */
    certificate: z.object({ fileBase64: z.string().min(1).max(1_000_000), passphrase: z.string().max(1000) }).strict().optional(),
    /** Rest PKI Core: a new API key replaces the old one (a Posten account refuses it). */
    apiKey: z.string().trim().min(1).max(4000).regex(/^[\x21-\x7e]+$/, 'An API key has no spaces or line breaks.').optional(),
  })
  .strict();
export type UpdatePostenAccountInput = z.input<typeof UpdatePostenAccountInput>;

/** Compose saves what the administrator has typed so far; the payload is the renderer's own form state. */
export const SaveDraftInput = z
  .object({
    id: Id.optional(),
    accountId: Id,
    title: z.string().max(200),
    payload: jsonObjectWithin(inputLimits.draftPayloadChars),
  })
  .strict();

export const DraftDetail = z.object({ id: z.string(), accountId: z.string(), title: z.string(), payload: z.record(z.string(), z.unknown()), updatedAt: z.string() });
export type DraftDetail = z.infer<typeof DraftDetail>;

/** A status change for a job this installation cannot place; kept, not confirmed, until matched or dismissed. */
export const UnmatchedChange = z.object({
  id: z.string(),
  /** The account whose queue delivered it. */
  accountId: z.string(),
  serviceJobId: z.string(),
  reference: z.string().nullable(),
  /** As the service names it: IN_PROGRESS, COMPLETED_SUCCESSFULLY, FAILED, ... */
  status: z.string(),
  signatures: z.array(z.object({ status: z.string(), since: z.string() })),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  timesSeen: z.number().int(),
});
export type UnmatchedChange = z.infer<typeof UnmatchedChange>;
/** What removing an account would do, for the confirmation (UI dialog, CLI without --yes). */
export const AccountRemovalImpact = z.object({
  id: z.string(),
  name: z.string(),
  isDemo: z.boolean(),
  /** Jobs that stay in the list, read-only and marked "account removed" (drafts not counted). */
  keptJobs: z.number().int(),
  /** Jobs not finished yet (queued, in progress, outcome unknown): removal refuses them unless told to stop following. */
  unfinishedJobs: z.number().int(),
  /** Finished jobs whose signed files have not been downloaded yet: also refused unless told to stop following. */
  jobsAwaitingFiles: z.number().int(),
  /** Drafts of this account; they are deleted with it. */
  drafts: z.number().int(),
  /** Signed files already downloaded (in the app's archive and the save folder); they are never touched. */
  signedFiles: z.number().int(),
});
export type AccountRemovalImpact = z.infer<typeof AccountRemovalImpact>;

export const RemoveAccountInput = z
  .object({
    id: z.string().min(1).max(200),
    /**
     * Remove even though some jobs are unfinished or still have signed files to download: the app
     * stops following them (queued ones, never sent, are cancelled). Without it, such an account is refused.
     */
    stopFollowingUnfinished: z.boolean().optional(),
  })
  .strict();
export type RemoveAccountInput = z.input<typeof RemoveAccountInput>;

export const AccountRemoval = AccountRemovalImpact.extend({
  /** Queued jobs (never sent) cancelled because they can no longer be sent. */
  cancelledQueued: z.number().int(),
  /** Jobs no longer followed at the service (in progress, outcome unknown, or waiting for signed files). */
  stoppedFollowing: z.number().int(),
});
export type AccountRemoval = z.infer<typeof AccountRemoval>;
