import type { PortalSignerInput } from '../../src-shared/contract';
import { UsageError } from './command';

const KEYS = ['name', 'pin', 'email', 'sms', 'order', 'on-behalf-of', 'signature-type', 'lookup'] as const;
type Key = (typeof KEYS)[number];

/**
 * `name=Kari Nordmann,pin=01010112377,email=kari@example.no,order=2` -> a signer of the contract
 * (a value cannot hold a comma). Only the shape is
 * checked here; the contract's schema judges the values (check digits, e-mail syntax, lookups).
 */
export function parseSignerSpec(spec: string, index: number): PortalSignerInput {
  const where = `--signer #${index + 1} (${JSON.stringify(spec)})`;
  const seen = new Map<Key, string>();
  for (const part of spec.split(',')) {
    const equals = part.indexOf('=');
    if (equals <= 0) throw new UsageError(`${where}: expected key=value pairs separated by commas, got ${JSON.stringify(part)}.`);
    const key = part.slice(0, equals).trim().toLowerCase();
    const value = part.slice(equals + 1).trim();
    if (!(KEYS as readonly string[]).includes(key)) throw new UsageError(`${where}: unknown key ${JSON.stringify(key)}; use ${KEYS.join(', ')}.`);
    if (seen.has(key as Key)) throw new UsageError(`${where}: ${key} is given twice.`);
    if (value === '') throw new UsageError(`${where}: ${key} has no value.`);
    seen.set(key as Key, value);
  }
  const order = seen.get('order') ?? '1';
  if (!/^\d+$/.test(order) || Number(order) < 1) throw new UsageError(`${where}: order must be a step number from 1.`);
  const signer: PortalSignerInput = { step: Number(order) };
  if (seen.has('name')) signer.name = seen.get('name');
  if (seen.has('pin')) signer.nationalIdentityNumber = seen.get('pin');
  if (seen.has('email')) signer.email = seen.get('email');
  if (seen.has('sms')) signer.mobile = seen.get('sms');
  const onBehalfOf = seen.get('on-behalf-of')?.toUpperCase();
  if (onBehalfOf !== undefined) {
    if (onBehalfOf !== 'SELF' && onBehalfOf !== 'OTHER') throw new UsageError(`${where}: on-behalf-of is SELF or OTHER.`);
    signer.onBehalfOf = onBehalfOf;
  }
  const signatureType = seen.get('signature-type')?.toUpperCase();
  if (signatureType !== undefined) {
    if (signatureType !== 'ADVANCED' && signatureType !== 'AUTHENTICATED') throw new UsageError(`${where}: signature-type is ADVANCED or AUTHENTICATED.`);
    signer.signatureType = signatureType;
  }
  const lookup = seen.get('lookup')?.toLowerCase();
  if (lookup !== undefined) {
    if (lookup !== 'email' && lookup !== 'email+sms') throw new UsageError(`${where}: lookup is email or email+sms.`);
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
};
