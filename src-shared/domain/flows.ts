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
  /** How a signer is named to the service. */
  signerIdentifiedBy: readonly ('nationalIdentityNumber' | 'contact' | 'customIdentifier')[];
  /** The administrator may set when the job ends; otherwise it lives `fixedLifetimeSeconds`. */
  deadline: boolean;
  fixedLifetimeSeconds?: number;
  cancellable: boolean;
  /** Signing happens in a browser at an address the app hands out, which returns to the app. */
  browserSigning: boolean;
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

export const flowRules: Readonly<Record<'portal' | 'direct' | 'trident', FlowRules>> = {
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
  trident: 'trident',
};
