import type { DirectSignerInput, PortalSignerInput, RestPkiSignerInput, TridentSignerInput } from '../../src-shared/contract';
import type { MessageKey } from '../../src-shared/i18n';
import { UsageError } from './command';

const KEYS = ['name', 'pin', 'email', 'sms', 'order', 'on-behalf-of', 'signature-type', 'lookup'] as const;
const DIRECT_KEYS = ['name', 'pin', 'id', 'on-behalf-of', 'signature-type'] as const;
const RESTPKI_KEYS = ['name', 'cpf'] as const;

type Problem = (key: MessageKey, params?: Record<string, string>) => UsageError;

/** `key=value,key=value` with each key at most once, from the keys given; a value cannot hold a comma. */
function parsePairs<K extends string>(spec: string, index: number, keys: readonly K[]): { seen: Map<K, string>; problem: Problem } {
  const where = { number: index + 1, spec: JSON.stringify(spec) };
  const problem: Problem = (key, params = {}) => new UsageError({ key, params: { ...where, ...params } });
  const seen = new Map<K, string>();
  for (const part of spec.split(',')) {
    const equals = part.indexOf('=');
    if (equals <= 0) throw problem('cli.signer.pairs', { part });
    const key = part.slice(0, equals).trim().toLowerCase();
    const value = part.slice(equals + 1).trim();
    if (!(keys as readonly string[]).includes(key)) throw problem('cli.signer.unknownKey', { key, keys: keys.join(', ') });
    if (seen.has(key as K)) throw problem('cli.signer.twice', { key });
    if (value === '') throw problem('cli.signer.noValue', { key });
    seen.set(key as K, value);
  }
  return { seen, problem };
}

/** `on-behalf-of` and `signature-type`, which both flows take. */
function signingOptions(seen: Map<string, string>, problem: Problem): Pick<PortalSignerInput, 'onBehalfOf' | 'signatureType'> {
  const options: Pick<PortalSignerInput, 'onBehalfOf' | 'signatureType'> = {};
  const onBehalfOf = seen.get('on-behalf-of')?.toUpperCase();
  if (onBehalfOf !== undefined) {
    if (onBehalfOf !== 'SELF' && onBehalfOf !== 'OTHER') throw problem('cli.signer.onBehalfOf');
    options.onBehalfOf = onBehalfOf;
  }
  const signatureType = seen.get('signature-type')?.toUpperCase();
  if (signatureType !== undefined) {
    if (signatureType !== 'ADVANCED' && signatureType !== 'AUTHENTICATED') throw problem('cli.signer.signatureType');
    options.signatureType = signatureType;
  }
  return options;
}

/**
 * `pin=01010112377,name=Kari Nordmann` or `id=CUSTOMER-42` -> a direct-flow signer. Only the shape is
 * checked here; the contract's schema judges the values (one of pin and id, check digits, unique ids).
 */
export function parseDirectSignerSpec(spec: string, index: number): DirectSignerInput {
  const { seen, problem } = parsePairs(spec, index, DIRECT_KEYS);
  const signer: DirectSignerInput = { ...signingOptions(seen, problem) };
  if (seen.has('name')) signer.name = seen.get('name');
  if (seen.has('pin')) signer.nationalIdentityNumber = seen.get('pin');
  if (seen.has('id')) signer.customIdentifier = seen.get('id');
  return signer;
}

/** `name=Kari Nordmann` -> a TRIDENT signer: the person is whoever signs in at TRIDENT; the name is the app's own. */
export function parseTridentSignerSpec(spec: string, index: number): TridentSignerInput {
  const { seen } = parsePairs(spec, index, ['name'] as const);
  return seen.has('name') ? { name: seen.get('name') } : {};
}

/**
 * `name=Maria Silva,cpf=529.982.247-25` -> a Rest PKI Core signer (each key optional: `name=Maria`
 * alone lets whoever opens the link sign). The contract's schema judges the CPF's check digits.
 */
export function parseRestPkiSignerSpec(spec: string, index: number): RestPkiSignerInput {
  const { seen } = parsePairs(spec, index, RESTPKI_KEYS);
  const signer: RestPkiSignerInput = {};
  if (seen.has('name')) signer.name = seen.get('name');
  if (seen.has('cpf')) signer.cpf = seen.get('cpf');
  return signer;
}

/**
 * `name=Kari Nordmann,pin=01010112377,email=kari@example.no,order=2` -> a signer of the contract
 * (a value cannot hold a comma). Only the shape is
 * checked here; the contract's schema judges the values (check digits, e-mail syntax, lookups).
 */
export function parseSignerSpec(spec: string, index: number): PortalSignerInput {
  const { seen, problem } = parsePairs(spec, index, KEYS);
  const order = seen.get('order') ?? '1';
  if (!/^\d+$/.test(order) || Number(order) < 1) throw problem('cli.signer.order');
  const signer: PortalSignerInput = { step: Number(order), ...signingOptions(seen, problem) };
  if (seen.has('name')) signer.name = seen.get('name');
  if (seen.has('pin')) signer.nationalIdentityNumber = seen.get('pin');
  if (seen.has('email')) signer.email = seen.get('email');
  if (seen.has('sms')) signer.mobile = seen.get('sms');
  const lookup = seen.get('lookup')?.toLowerCase();
  if (lookup !== undefined) {
    if (lookup !== 'email' && lookup !== 'email+sms') throw problem('cli.signer.lookup');
    signer.lookup = lookup;
  }
  return signer;
}

/** Contract paths inside a signer, named as the SPEC keys. */
export const specKeyOfField: Record<string, string> = {
  name: 'name',
  nationalIdentityNumber: 'pin',
  email: 'email',
  mobile: 'sms',
  step: 'order',
  onBehalfOf: 'on-behalf-of',
  signatureType: 'signature-type',
  lookup: 'lookup',
  customIdentifier: 'id',
  cpf: 'cpf',
};
