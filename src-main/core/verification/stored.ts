import type { VerificationReport } from '../../../src-shared/verification';

/**
 * A download's check is kept in its `verification` text column as JSON: the English summary
 * (technical, for logs and `--json`) and the report the UI words in the user's language. A plain
 * text there was written by a version before reports; it reads as a summary without a report.
 */
export function encodeVerification(verification: { summary: string; report: VerificationReport }): string {
  return JSON.stringify({ summary: verification.summary, report: verification.report });
}

export function decodeVerification(stored: string | null): { summary: string | null; report: VerificationReport | null } {
  if (stored === null) return { summary: null, report: null };
  try {
    const parsed = JSON.parse(stored) as { summary?: unknown; report?: unknown };
    if (parsed && typeof parsed === 'object' && typeof parsed.summary === 'string' && parsed.report && typeof parsed.report === 'object') {
      return { summary: parsed.summary, report: parsed.report as VerificationReport };
    }
  } catch {
    // plain text from an older version
  }
  return { summary: stored, report: null };
}
