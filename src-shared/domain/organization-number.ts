/** A Norwegian organisation number as people read it: "987 654 321". Anything else is returned as is. */
export function formatOrganizationNumber(value: string): string {
  return /^\d{9}$/.test(value) ? `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}` : value;
}
