// CPF (Cadastro de Pessoas Físicas): 9 digits and two check digits, each a weighted sum mod 11.
// Rest PKI Core takes a CPF "with or without punctuation, but with its leading zeros".

/** The 11 digits of a CPF written with or without its usual punctuation (123.456.789-09), or undefined. */
export function cpfDigits(input: string): string | undefined {
  const digits = input.trim().replace(/[.\-\s/]/g, '');
  return /^\d{11}$/.test(digits) ? digits : undefined;
}

function checkDigit(digits: string, count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += Number(digits[i]) * (count + 1 - i);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

/** Both check digits right, and not one digit repeated (000.000.000-00 passes the sums but is no CPF). */
export function isValidCpf(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  return checkDigit(digits, 9) === Number(digits[9]) && checkDigit(digits, 10) === Number(digits[10]);
}

export function formatCpf(digits: string): string {
  return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6, 9)}-${digits.slice(9)}`;
}
