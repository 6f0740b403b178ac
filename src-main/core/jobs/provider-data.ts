/**
 * `provider_data` (jobs and signers): JSON only the job's provider reads. Other code passes it
 * along untouched; these helpers keep its reading and merging in one place.
 */
export function readProviderData<T extends Record<string, unknown> = Record<string, unknown>>(json: string | null | undefined): Partial<T> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Partial<T>) : {};
  } catch {
    return {};
  }
}

/** The stored data with `patch` laid over it; a key set to null or undefined is removed. */
export function mergeProviderData(json: string | null | undefined, patch: Record<string, unknown> | undefined): string {
  const merged: Record<string, unknown> = { ...readProviderData(json) };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null || value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return JSON.stringify(merged);
}
