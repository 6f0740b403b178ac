/**
 * Brazilian CPF numbers (Cadastro de Pessoas Físicas), as Rest PKI Core's `Cpf` certificate
 * requirement takes them: 11 digits, the last two mod-11 check digits, leading zeros kept. People
 * type them punctuated (`123.456.789-09`); the service accepts that, but the app keeps the digits.
 * Numbers of one repeated digit pass the arithmetic yet are never issued, so they are refused too.
 */
export type CpfProblem = 'digits' | 'length' | 'checksum' | 'repeated';

/** The 11 digits without the dots, dash and spaces people type between them. */
export function compactCpf(value: string): string {
  return value.replace(/[\s.\-/]/g, '');
}

function checkDigit(digits: number[], count: number): number {
  // Weights count down from count + 1 to 2 over the first `count` digits.
  const sum = digits.slice(0, count).reduce((total, digit, index) => total + digit * (count + 1 - index), 0);
  const remainder = sum % 11;
  return remainder < 2 ? 0 : 11 - remainder;
}

export function cpfProblem(value: string): CpfProblem | undefined {
  const compact = compactCpf(value);
  if (!/^\d*$/.test(compact)) return 'digits';
  if (compact.length !== 11) return 'length';
  if (/^(\d)\1{10}$/.test(compact)) return 'repeated';
  const digits = [...compact].map(Number);
  if (checkDigit(digits, 9) !== digits[9] || checkDigit(digits, 10) !== digits[10]) return 'checksum';
  return undefined;
}

export const isValidCpf = (value: string): boolean => cpfProblem(value) === undefined;

/** `123.456.789-09`, the way CPF numbers are printed; other text is returned as it is. */
export function formatCpf(value: string): string {
  const compact = compactCpf(value);
  return /^\d{11}$/.test(compact) ? `${compact.slice(0, 3)}.${compact.slice(3, 6)}.${compact.slice(6, 9)}-${compact.slice(9)}` : value;
}
