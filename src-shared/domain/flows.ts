import { postenLimits } from './limits';
import { tridentLimits } from './trident';

/** The four ways of getting a signature, one job list for all. */
export const FLOWS = ['portal', 'direct', 'restpki', 'trident'] as const;
export type Flow = (typeof FLOWS)[number];

/**
 * What compose offers and checks for each flow, declared once so the renderer, the CLI and the
 * core refuse the same things. A field a flow does not have is not shown for it.
 */
export interface FlowRules {
  maxSigners: number;
  maxDocuments: number;
  documentBytes: number;
  titleLength: number;
  descriptionLength: number;
  referenceLength: number;
  /** Signers sign in steps, one after another. */
  orderedSigners: boolean;
  /** The service notifies signers (e-mail, SMS); otherwise the app hands each signer an address. */
  notifiesSigners: boolean;
  /** How a signer is named to the service (Rest PKI Core: optionally by the CPF their certificate must carry). */
  signerIdentifiedBy: readonly ('nationalIdentityNumber' | 'contact' | 'customIdentifier' | 'cpf')[];
  /** The administrator may set when the job ends; otherwise it lives `fixedLifetimeSeconds`. */
  deadline: boolean;
  fixedLifetimeSeconds?: number;
  cancellable: boolean;
  /** Signing happens in a browser at an address the app hands out, which returns to the app. */
  browserSigning: boolean;
  /** The service shows signers a description of the job (Rest PKI Core shows only the documents). */
  description?: boolean;
  /** `fixedLifetimeSeconds` is each signer's link's, counted from their turn (Rest PKI Core), not the job's. */
  lifetimePerSigner?: boolean;
}

/** Both of Posten's flows share the service's limits on a job. */
const postenJobLimits = {
  maxSigners: postenLimits.signers,
  maxDocuments: postenLimits.documents,
  documentBytes: postenLimits.documentBytes,
  titleLength: postenLimits.titleLength,
  descriptionLength: postenLimits.descriptionLength,
  referenceLength: postenLimits.referenceLength,
};

/**
 * Rest PKI Core has no job: each signer is one signature session, and the app chains them (the next
 * session gets the documents as the previous signer signed them). Its only lengths are the return
 * address and `callbackArgument` (1024); the app's own fields keep the limits every job has.
 */
export const restPkiLimits = {
  ...postenJobLimits,
  /** One session after another: each takes a signer's time, so a job keeps to a handful. */
  maxSigners: 10,
  /** A session's signing address works this long after the session is created (reference A11). */
  sessionLifetimeSeconds: 4 * 3600,
  /** Documents up to this size go inside the create request (base64); larger ones are uploaded first. */
  inlineDocumentBytes: 4 * 1024 * 1024,
} as const;

export const flowRules: Readonly<Record<'portal' | 'direct' | 'restpki' | 'trident', FlowRules>> = {
  portal: {
    ...postenJobLimits,
    orderedSigners: true,
    notifiesSigners: true,
    signerIdentifiedBy: ['nationalIdentityNumber', 'contact'],
    deadline: true,
    cancellable: true,
    browserSigning: false,
  },
  direct: {
    ...postenJobLimits,
    orderedSigners: false,
    notifiesSigners: false,
    signerIdentifiedBy: ['nationalIdentityNumber', 'customIdentifier'],
    deadline: false,
    // posten-api.md §5.4: a direct job lives 30 days.
    fixedLifetimeSeconds: 30 * 24 * 3600,
    cancellable: false,
    browserSigning: true,
  },
  restpki: {
    maxSigners: restPkiLimits.maxSigners,
    maxDocuments: restPkiLimits.maxDocuments,
    documentBytes: restPkiLimits.documentBytes,
    titleLength: restPkiLimits.titleLength,
    descriptionLength: restPkiLimits.descriptionLength,
    referenceLength: restPkiLimits.referenceLength,
    orderedSigners: true,
    notifiesSigners: false,
    signerIdentifiedBy: ['cpf'],
    deadline: false,
    // Each signer's address lives 4 hours from when their session is made.
    fixedLifetimeSeconds: restPkiLimits.sessionLifetimeSeconds,
    // A session cannot be cancelled at Rest PKI; "withdraw" only stops the job here.
    cancellable: false,
    browserSigning: true,
    description: false,
    lifetimePerSigner: true,
  },
  // TRIDENT: one signer process per person, each signing the documents as the one before left them.
  // No notifications (the app hands out each process's address), no documented lifetime, no cancel.
  trident: {
    ...postenJobLimits,
    maxSigners: tridentLimits.signers,
    maxDocuments: tridentLimits.documents,
    orderedSigners: true,
    notifiesSigners: false,
    signerIdentifiedBy: [],
    deadline: false,
    cancellable: false,
    browserSigning: true,
  },
};

/** Which service's accounts serve each flow compose offers. */
export const serviceOfFlow: Readonly<Record<keyof typeof flowRules, 'posten' | 'restpki' | 'trident'>> = {
  portal: 'posten',
  direct: 'posten',
  restpki: 'restpki',
  trident: 'trident',
};

/** The flows each kind of account offers, in the order compose shows them. */
export const flowsOfService: Readonly<Record<'posten' | 'restpki' | 'trident', readonly Flow[]>> = {
  posten: ['portal', 'direct'],
  restpki: ['restpki'],
  trident: ['trident'],
};
