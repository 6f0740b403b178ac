import type { AccountSummary, CreateDirectJobInput, CreateJobInput, CreatePortalJobInput, CreateRestPkiJobInput, CreateTridentJobInput, DirectSignerInput, DocumentProblem, DocumentWarning, PortalSignerInput, RestPkiSignerInput } from '../../src-shared/contract';
import { flowRules, flowsOfService, postenLimits } from '../../src-shared/domain';

/** Problems found on this side before anything is staged, next to the ones the core reports. */
export type LocalDocumentProblem = 'too-many' | 'stage-failed';

export interface ComposeDocument {
  /** Stable React key and draft identity; the staged id only exists once the core has the bytes. */
  key: string;
  stagedId: string | null;
  fileName: string;
  size: number;
  pageCount: number | null;
  title: string;
  problem: DocumentProblem | null;
  /** What the core found that signers' PDF readers may act on; absent in drafts saved before it was checked. */
  warnings?: DocumentWarning[];
  /** 0..1 while the file is read and sent to the core; null when done. */
  progress: number | null;
  stageError: string | null;
}

/** The ways of signing compose offers: those whose rules are declared in `flowRules`. */
export type ComposeFlow = keyof typeof flowRules;
export const composeFlows = Object.keys(flowRules) as ComposeFlow[];

/** The ways of signing an account of this service offers, in compose's order. */
export function flowsOfAccount(provider: keyof typeof flowsOfService | undefined): ComposeFlow[] {
  const offered = provider ? flowsOfService[provider] : flowsOfService.posten;
  return composeFlows.filter((flow) => offered.includes(flow));
}

/** The form sent from another account: its way of signing kept where that account's service offers it. */
export function fitFlowToAccount(form: ComposeForm, account: Pick<AccountSummary, 'provider'> | undefined): ComposeForm {
  const offered = flowsOfAccount(account?.provider);
  return offered.includes(form.flow) || offered.length === 0 ? form : chooseFlow(form, offered[0]);
}

/** Portal signers are named by number or contact details; direct ones by number or an identifier of the sender's own. */
export type IdentifyBy = 'nin' | 'contact' | 'custom';
export type Notify = 'email' | 'sms' | 'both' | 'register';

export interface ComposeSigner {
  key: string;
  /** Optional; kept in the app only (the service has no field for it). */
  name: string;
  identifyBy: IdentifyBy;
  nationalIdentityNumber: string;
  /** Direct flow: the sender's own identifier, unique in the job. */
  customIdentifier: string;
  email: string;
  mobile: string;
  notify: Notify;
  onBehalfOf: 'SELF' | 'OTHER';
  signatureType: '' | 'ADVANCED' | 'AUTHENTICATED';
  /** Rest PKI Core: only a certificate with this CPF may sign; empty for whoever opens the link. */
  cpf: string;
  /** 1-based; kept gap-free by `normalizeSteps`. */
  step: number;
}

export interface ComposeForm {
  /** How the signers sign; the fields of the other way are kept, so switching back loses nothing. */
  flow: ComposeFlow;
  accountId: string;
  title: string;
  nonsensitiveTitle: string;
  description: string;
  reference: string;
  documents: ComposeDocument[];
  signers: ComposeSigner[];
  /** `datetime-local` values ("2025-05-01T14:00"), empty for the default. */
  deadline: string;
  activation: string;
  requiredAuthentication: '' | '3' | '4';
  identifierInSignedDocuments: '' | 'PIN_AND_NAME' | 'DOB_AND_NAME' | 'NAME';
  /** TRIDENT: which identities may sign, one row per set ("any of these sets"), labels of a row separated by commas; none: the account's. */
  labelSets: string[];
  /** Rest PKI Core: the signer is sent back before the documents are processed. */
  backgroundProcessing: boolean;
  /** Rest PKI Core: the signing page offers no download. */
  disableDownloads: boolean;
}

let counter = 0;
export const newKey = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export function emptySigner(step: number): ComposeSigner {
  return {
    key: newKey('s'),
    name: '',
    identifyBy: 'nin',
    nationalIdentityNumber: '',
    customIdentifier: '',
    email: '',
    mobile: '',
    notify: 'email',
    onBehalfOf: 'SELF',
    signatureType: '',
    cpf: '',
    step,
  };
}

export function emptyForm(accountId = '', flow: ComposeFlow = 'portal'): ComposeForm {
  return {
    flow,
    accountId,
    title: '',
    nonsensitiveTitle: '',
    description: '',
    reference: '',
    documents: [],
    signers: [emptySigner(1)],
    deadline: '',
    activation: '',
    requiredAuthentication: '',
    identifierInSignedDocuments: '',
    labelSets: [],
    backgroundProcessing: false,
    disableDownloads: false,
  };
}

/**
 * Switches the way of signing. A signer named by contact details in the portal flow is named by an
 * identifier of one's own in the direct flow (and back): each flow has only one of the two.
 */
export function chooseFlow(form: ComposeForm, flow: ComposeFlow): ComposeForm {
  if (form.flow === flow) return form;
  // Signers who sign one after another each have a step of their own.
  if (flow === 'trident') return { ...form, flow, signers: normalizeSteps(form.signers).map((s, index) => ({ ...s, step: index + 1 })) };
  // Rest PKI Core signers have a name and a CPF of their own; the other fields wait for a switch back.
  if (flow === 'restpki') return { ...form, flow };
  const identities = flowRules[flow].signerIdentifiedBy;
  const fallback: IdentifyBy = identities.includes('customIdentifier') ? 'custom' : 'contact';
  const kept = (by: IdentifyBy) => (by === 'nin' ? identities.includes('nationalIdentityNumber') : by === 'custom' ? identities.includes('customIdentifier') : identities.includes('contact'));
  return { ...form, flow, signers: form.signers.map((s) => (kept(s.identifyBy) ? s : { ...s, identifyBy: fallback })) };
}

export const titleFromFileName = (fileName: string) =>
  fileName.replace(/\.[^.]+$/, '').slice(0, postenLimits.documentTitleLength) || fileName.slice(0, postenLimits.documentTitleLength);

/** Documents past the service's limit get a problem on their own row instead of a refusal later. */
export function documentProblemOf(documents: ComposeDocument[], index: number): DocumentProblem | LocalDocumentProblem | null {
  const document = documents[index];
  if (document.problem) return document.problem;
  if (document.stageError) return 'stage-failed';
  if (index >= postenLimits.documents) return 'too-many';
  return null;
}

// ---- Steps ----------------------------------------------------------------------------------

/** Keeps the list ordered by step and the steps numbered 1, 2, 3 … without gaps. */
export function normalizeSteps(signers: ComposeSigner[]): ComposeSigner[] {
  const ordered = signers.map((s, i) => ({ s, i })).sort((a, b) => a.s.step - b.s.step || a.i - b.i);
  const numbers = [...new Set(ordered.map(({ s }) => s.step))];
  return ordered.map(({ s }) => (numbers.indexOf(s.step) + 1 === s.step ? s : { ...s, step: numbers.indexOf(s.step) + 1 }));
}

export function groupBySteps(signers: ComposeSigner[]): ComposeSigner[][] {
  const groups: ComposeSigner[][] = [];
  for (const signer of signers) (groups[signer.step - 1] ??= []).push(signer);
  return groups.filter(Boolean);
}

/**
 * One keyboard move: within a step the signer swaps with its neighbour; at the edge of a step it
 * first becomes a step of its own, then joins the next step. So every arrangement is reachable.
 */
export function moveSigner(signers: ComposeSigner[], key: string, direction: -1 | 1): ComposeSigner[] {
  const list = normalizeSteps(signers);
  const index = list.findIndex((s) => s.key === key);
  if (index < 0) return list;
  const signer = list[index];
  const neighbour = list[index + direction];
  if (neighbour && neighbour.step === signer.step) {
    const next = [...list];
    next[index] = neighbour;
    next[index + direction] = signer;
    return next;
  }
  const alone = list.filter((s) => s.step === signer.step).length === 1;
  if (alone) {
    if (!neighbour) return list;
    // Join the neighbouring step at the near end; the list order already puts it there.
    return normalizeSteps(list.map((s) => (s.key === key ? { ...s, step: neighbour.step } : s)));
  }
  // Leave the shared step and become a step of its own next to it.
  const step = signer.step;
  const moved = list.map((s) => {
    if (s.key === key) return { ...s, step: direction === 1 ? step + 1 : step };
    if (direction === 1) return s.step > step ? { ...s, step: s.step + 1 } : s;
    return s.step >= step ? { ...s, step: s.step + 1 } : s;
  });
  return normalizeSteps(moved);
}

/** Puts the signer in the same step as the one above it (parallel), or starts a new step from it. */
export function setSameStepAsPrevious(signers: ComposeSigner[], key: string, same: boolean): ComposeSigner[] {
  const list = normalizeSteps(signers);
  const index = list.findIndex((s) => s.key === key);
  if (index <= 0) return list;
  const withPrevious = list.map((s, i) => i > 0 && s.step === list[i - 1].step);
  withPrevious[index] = same;
  let step = 0;
  return list.map((s, i) => ({ ...s, step: (step += withPrevious[i] ? 0 : 1) }));
}

export type DropTarget = { kind: 'into-step'; step: number; beforeKey: string | null } | { kind: 'new-step'; beforeStep: number };

/** Where a dragged signer lands: inside a step (parallel) or as a new step between two others. */
export function dropSigner(signers: ComposeSigner[], key: string, target: DropTarget): ComposeSigner[] {
  const list = normalizeSteps(signers);
  const signer = list.find((s) => s.key === key);
  if (!signer) return list;
  const rest = list.filter((s) => s.key !== key);
  if (target.kind === 'into-step') {
    const moved = { ...signer, step: target.step };
    const at = target.beforeKey ? rest.findIndex((s) => s.key === target.beforeKey) : -1;
    const insertAt = at >= 0 ? at : lastIndexOfStep(rest, target.step) + 1;
    return normalizeSteps([...rest.slice(0, insertAt), moved, ...rest.slice(insertAt)]);
  }
  // Doubling the step numbers leaves an odd slot between every pair for the new step.
  const spread = rest.map((s) => ({ ...s, step: s.step * 2 }));
  return normalizeSteps([...spread, { ...signer, step: target.beforeStep * 2 - 1 }]);
}

function lastIndexOfStep(list: ComposeSigner[], step: number): number {
  let last = -1;
  list.forEach((s, i) => {
    if (s.step <= step) last = i;
  });
  return last;
}

export function moveItem<T>(items: T[], index: number, direction: -1 | 1): T[] {
  const target = index + direction;
  if (target < 0 || target >= items.length) return items;
  const next = [...items];
  [next[index], next[target]] = [next[target], next[index]];
  return next;
}

// ---- To the contract ------------------------------------------------------------------------

export function signerInput(signer: ComposeSigner): PortalSignerInput {
  const input: PortalSignerInput = { step: signer.step, onBehalfOf: signer.onBehalfOf };
  if (signer.name.trim()) input.name = signer.name.trim();
  if (signer.identifyBy === 'nin') input.nationalIdentityNumber = signer.nationalIdentityNumber.replace(/\s/g, '');
  if (signer.notify === 'register' && signer.identifyBy === 'nin') input.lookup = 'email+sms';
  else {
    if (signer.notify === 'email' || signer.notify === 'both') input.email = signer.email.trim();
    if (signer.notify === 'sms' || signer.notify === 'both') input.mobile = signer.mobile.trim();
  }
  if (signer.signatureType) input.signatureType = signer.signatureType;
  return input;
}

/**
 * Parses a `YYYY-MM-DDTHH:mm` value in the user's time zone; null when empty or anything else.
 * Strict on purpose: `new Date` would read a half-typed "12.05.2025" as 5 December.
 */
export function localDateTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `datetime-local` text for a moment, in local time. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const optional = (value: string) => (value.trim() ? value : undefined);

/** The form as the contract's job of the form's flow. */
export function jobInput(form: ComposeForm, now: Date, draftId?: string): CreateJobInput {
  if (form.flow === 'trident') return tridentJobInput(form, draftId);
  if (form.flow === 'restpki') return restPkiJobInput(form, draftId);
  return form.flow === 'direct' ? directJobInput(form, draftId) : portalJobInput(form, now, draftId);
}

/** A label row as the contract's set: the labels between commas, blanks dropped. */
export const labelsOfRow = (row: string): string[] =>
  row
    .split(',')
    .map((label) => label.trim())
    .filter(Boolean);

/** A TRIDENT job: signers in the order listed, each signing after the one before; labels only when given. */
export function tridentJobInput(form: ComposeForm, draftId?: string): CreateTridentJobInput {
  const labels = form.labelSets.map(labelsOfRow).filter((set) => set.length > 0);
  const input: CreateTridentJobInput = {
    flow: 'trident',
    accountId: form.accountId,
    title: form.title,
    description: optional(form.description),
    reference: optional(form.reference),
    documents: form.documents.map((d) => ({ stagedId: d.stagedId ?? '', title: d.title })),
    signers: normalizeSteps(form.signers).map((signer) => (signer.name.trim() ? { name: signer.name.trim() } : {})),
  };
  if (draftId) input.draftId = draftId;
  if (labels.length) input.labels = labels;
  for (const key of Object.keys(input) as (keyof CreateTridentJobInput)[]) if (input[key] === undefined) delete input[key];
  return input;
}

export function restPkiSignerInput(signer: ComposeSigner): RestPkiSignerInput {
  const input: RestPkiSignerInput = {};
  if (signer.name.trim()) input.name = signer.name.trim();
  if (signer.cpf.trim()) input.cpf = signer.cpf.trim();
  return input;
}

/** A Rest PKI Core job: signers in the order listed, one session each; no description, deadline or notifications. */
export function restPkiJobInput(form: ComposeForm, draftId?: string): CreateRestPkiJobInput {
  const input: CreateRestPkiJobInput = {
    flow: 'restpki',
    accountId: form.accountId,
    title: form.title,
    reference: optional(form.reference),
    documents: form.documents.map((d) => ({ stagedId: d.stagedId ?? '', title: d.title })),
    signers: normalizeSteps(form.signers).map(restPkiSignerInput),
  };
  if (draftId) input.draftId = draftId;
  if (form.backgroundProcessing) input.backgroundProcessing = true;
  if (form.disableDownloads) input.disableDownloads = true;
  if (input.reference === undefined) delete input.reference;
  return input;
}

export function directSignerInput(signer: ComposeSigner): DirectSignerInput {
  const input: DirectSignerInput = { onBehalfOf: signer.onBehalfOf };
  if (signer.name.trim()) input.name = signer.name.trim();
  if (signer.identifyBy === 'nin') input.nationalIdentityNumber = signer.nationalIdentityNumber.replace(/\s/g, '');
  else input.customIdentifier = signer.customIdentifier;
  if (signer.signatureType) input.signatureType = signer.signatureType;
  return input;
}

/**
 * A direct job: no steps, notifications, deadline or activation (and no non-sensitive title, which
 * only notifications show); signers in the order they are listed.
 */
export function directJobInput(form: ComposeForm, draftId?: string): CreateDirectJobInput {
  const input: CreateDirectJobInput = {
    flow: 'direct',
    accountId: form.accountId,
    title: form.title,
    description: optional(form.description),
    reference: optional(form.reference),
    documents: form.documents.map((d) => ({ stagedId: d.stagedId ?? '', title: d.title })),
    signers: normalizeSteps(form.signers).map(directSignerInput),
  };
  if (draftId) input.draftId = draftId;
  if (form.requiredAuthentication) input.requiredAuthentication = form.requiredAuthentication === '3' ? 3 : 4;
  if (form.identifierInSignedDocuments) input.identifierInSignedDocuments = form.identifierInSignedDocuments;
  for (const key of Object.keys(input) as (keyof CreateDirectJobInput)[]) if (input[key] === undefined) delete input[key];
  return input;
}

export function portalJobInput(form: ComposeForm, now: Date, draftId?: string): CreatePortalJobInput {
  const activation = localDateTime(form.activation);
  const deadline = localDateTime(form.deadline);
  const start = activation ?? now;
  const input: CreatePortalJobInput = {
    flow: 'portal',
    accountId: form.accountId,
    title: form.title,
    nonsensitiveTitle: optional(form.nonsensitiveTitle),
    description: optional(form.description),
    reference: optional(form.reference),
    documents: form.documents.map((d) => ({ stagedId: d.stagedId ?? '', title: d.title })),
    signers: normalizeSteps(form.signers).map(signerInput),
  };
  if (draftId) input.draftId = draftId;
  if (deadline) input.availableSeconds = Math.round((deadline.getTime() - start.getTime()) / 1000);
  if (activation) input.activationTime = activation.toISOString();
  if (form.requiredAuthentication) input.requiredAuthentication = form.requiredAuthentication === '3' ? 3 : 4;
  if (form.identifierInSignedDocuments) input.identifierInSignedDocuments = form.identifierInSignedDocuments;
  for (const key of Object.keys(input) as (keyof CreatePortalJobInput)[]) if (input[key] === undefined) delete input[key];
  return input;
}

// ---- Drafts ---------------------------------------------------------------------------------

/** What a draft keeps: the form without transient progress, so a restore shows finished rows. */
export function draftPayload(form: ComposeForm): Record<string, unknown> {
  return {
    version: 1,
    form: { ...form, documents: form.documents.filter((d) => d.stagedId).map((d) => ({ ...d, progress: null })) },
  };
}

export function formFromDraft(payload: Record<string, unknown>, accountId: string): ComposeForm | null {
  const form = (payload as { form?: Partial<ComposeForm> }).form;
  if (!form || typeof form !== 'object') return null;
  const base = emptyForm(accountId);
  return {
    ...base,
    ...form,
    // Drafts saved before compose offered a choice are portal jobs.
    flow: composeFlows.includes(form.flow as ComposeFlow) ? (form.flow as ComposeFlow) : base.flow,
    documents: Array.isArray(form.documents) ? form.documents : [],
    labelSets: Array.isArray(form.labelSets) ? form.labelSets.filter((row) => typeof row === 'string') : [],
    // Fields added since the draft was saved (a signer's name) start empty.
    signers: Array.isArray(form.signers) && form.signers.length > 0 ? normalizeSteps(form.signers.map((s) => ({ ...emptySigner(s.step), ...s }))) : base.signers,
  };
}

export function draftIdFromHash(hash: string): string | null {
  const query = hash.split('?')[1];
  return query ? new URLSearchParams(query).get('draft') : null;
}
