// File names for a job's signed results in the user's save folder. The pattern comes from the
// account settings; every name has to be valid on Windows, macOS and Linux at once (a save folder
// may be a share read from all three), stay inside the target folder, and never carry a national
// identity number: these folders are browsed, synced and mailed around.

import { catalogues, defaultNamingPattern, format, localizedNamingPattern, type Language } from '../../../src-shared/i18n';

/** The default as Settings stores it; files are named by its version in the chosen language. */
export const DEFAULT_NAMING_PATTERN = defaultNamingPattern('en');

export interface NamingJob {
  title: string;
  reference?: string | null;
  id: string;
  completedAt?: string;
}

export interface NamingSigner {
  position: number;
  name?: string | null;
  email?: string | null;
  mobile?: string | null;
}

export interface SignedFileNames {
  /** Relative path with "/" separators. */
  pades: string;
  /** The XAdES of `signers[signerIndex]`, beside the PDF. */
  xades: (signerIndex: number) => string;
  /** One signed PDF per document (a job of several documents, each signed on its own): the PDF's name with the document's title. */
  document: (title: string) => string;
}

const MAX_COMPONENT_CHARS = 120;
// ext4/APFS/NTFS limits are 255 bytes or UTF-16 units; bytes is the tighter one for non-ASCII names
const MAX_COMPONENT_BYTES = 255;
const TOKEN = /\{\s*(title|reference or title|reference|date|job id)\s*\}/gi;
const ANY_TOKEN = /\{([^{}]*)\}/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** Tokens in `pattern` that the naming does not know (shown to the user when they edit the pattern). */
export function unknownNamingTokens(pattern: string): string[] {
  return [...pattern.matchAll(ANY_TOKEN)].map((m) => m[0]).filter((token) => !new RegExp(`^${TOKEN.source}$`, 'i').test(token));
}

/**
 * The names for a job's signed files. The words the app adds ("signed", "signer 2", "Untitled")
 * and a default pattern follow `language`; what the user typed (titles, their own pattern) does not.
 */
export function signedFileNames(pattern: string, job: NamingJob, signers: NamingSigner[], language: Language = 'en'): SignedFileNames {
  const words = catalogues[language];
  const untitled = words['fileName.untitled'];
  // values are cleaned on their own too, so an empty-looking title reads "Untitled" inside any pattern
  const title = stripEnds(cleanText(job.title ?? '')) || untitled;
  const reference = stripEnds(cleanText(job.reference ?? ''));
  const values: Record<string, string> = {
    title,
    reference,
    'reference or title': reference || title,
    date: localDate(job.completedAt),
    'job id': job.id,
  };
  // split before substituting, so a "/" typed into a title can never add a folder level
  const components = localizedNamingPattern(pattern, language)
    .split(/[/\\]+/)
    .filter((part) => part.trim() !== '' && part.trim() !== '.' && part.trim() !== '..')
    .map((part) => part.replace(TOKEN, (_, token: string) => values[token.toLowerCase().replace(/\s+/g, ' ')] ?? ''));
  if (components.length === 0) components.push(`${title} - ${words['fileName.signed']}.pdf`);

  const folders = components.slice(0, -1).map((c) => sanitizeComponent(c, untitled));
  let fileName = components[components.length - 1];
  if (!/\.pdf$/i.test(fileName.trim())) fileName = `${fileName}.pdf`;
  const pdfName = sanitizeFileName(fileName.trim().replace(/\.pdf$/i, ''), '.pdf', untitled);
  const pdfStem = pdfName.slice(0, -'.pdf'.length);

  const ranks = rankByPosition(signers);
  const width = String(signers.length).length;
  return {
    pades: [...folders, pdfName].join('/'),
    xades(signerIndex) {
      const signer = signers[signerIndex];
      if (!signer) throw new RangeError(`no signer at index ${signerIndex}`);
      const number = String(ranks[signerIndex]).padStart(width, '0');
      return [...folders, xadesName(pdfStem, format(words['fileName.signer'], { number }), contactLabel(signer), untitled)].join('/');
    },
    document(documentTitle) {
      const stem = stripEnds(cleanText(documentTitle)) || untitled;
      return [...folders, sanitizeFileName(`${stem} - ${words['fileName.signed']}`, '.pdf', untitled)].join('/');
    },
  };
}

/** "signer N" counts in signing-order position, whatever base the positions use. */
function rankByPosition(signers: NamingSigner[]): number[] {
  const order = signers.map((s, i) => ({ i, position: s.position })).sort((a, b) => a.position - b.position || a.i - b.i);
  const ranks: number[] = [];
  order.forEach((entry, rank) => (ranks[entry.i] = rank + 1));
  return ranks;
}

/**
 * The signer's name, else e-mail, else mobile; never anything that could be a national identity
 * number (a name made of 11 digits is skipped for the contact behind it).
 */
function contactLabel(signer: NamingSigner): string | undefined {
  for (const candidate of [signer.name, signer.email, signer.mobile]) {
    const text = candidate?.trim();
    if (!text) continue;
    if (mayBeIdentityNumber(text)) continue;
    return text;
  }
  return undefined;
}

/**
 * 11 digits in a row, even with separators, is treated as an identity number and left out. A
 * foreign mobile number in its `+` form often has 11 digits too; it is only left out when some
 * 11 of its digits carry an identity number's check digits.
 */
function mayBeIdentityNumber(text: string): boolean {
  const compact = text.replace(/[\s.\-_/]/g, '');
  if (!/^\+\d+$/.test(compact)) return /\d{11}/.test(compact);
  const digits = compact.slice(1);
  for (let start = 0; start + 11 <= digits.length; start++) if (isIdentityNumber(digits.slice(start, start + 11))) return true;
  return false;
}

function xadesName(pdfStem: string, signerWords: string, label: string | undefined, untitled: string): string {
  const suffix = '.xades.xml';
  const signerPart = ` - ${signerWords}`;
  const labelled = label ? `${signerPart} (${cleanText(label)})` : signerPart;
  const full = `${pdfStem}${labelled}`;
  if (fits(full + suffix)) return sanitizeFileName(full, suffix, untitled);
  // too long: the contact goes first, then the stem is shortened, so "signer N" always survives
  if (fits(pdfStem + signerPart + suffix)) return sanitizeFileName(pdfStem + signerPart, suffix, untitled);
  return sanitizeFileName(truncate(pdfStem, suffix.length + signerPart.length) + signerPart, suffix, untitled);
}

function fits(name: string): boolean {
  return [...name].length <= MAX_COMPONENT_CHARS && Buffer.byteLength(name) <= MAX_COMPONENT_BYTES;
}

/** Shortens to leave room for `reserve` more ASCII characters, cutting on code points. */
function truncate(text: string, reserve: number): string {
  const chars = [...text];
  let end = Math.min(chars.length, MAX_COMPONENT_CHARS - reserve);
  while (end > 0 && Buffer.byteLength(chars.slice(0, end).join('')) > MAX_COMPONENT_BYTES - reserve) end--;
  return chars.slice(0, end).join('');
}

/** A file name: the stem is cleaned and shortened so that stem + extension is a safe component. */
function sanitizeFileName(stem: string, extension: string, untitled: string): string {
  let clean = stripEnds(cleanText(stem));
  if (clean === '') clean = untitled;
  clean = avoidReservedName(clean);
  clean = stripEnds(truncate(clean, extension.length));
  return `${clean || untitled}${extension}`;
}

/** A folder name (or any single path component). */
export function sanitizeComponent(text: string, untitled = catalogues.en['fileName.untitled']): string {
  let clean = stripEnds(cleanText(text));
  if (clean === '') return untitled;
  clean = avoidReservedName(clean);
  return stripEnds(truncate(clean, 0)) || untitled;
}

/** The app's own save folder's name in a language: "Signed documents", "Signerte dokumenter". */
export function defaultSaveFolderName(language: Language): string {
  return catalogues[language]['fileName.defaultFolder'];
}

/** Windows reserves "AUX" with any extension ("aux.txt" too), so the mark goes before the first dot. */
function avoidReservedName(name: string): string {
  const stem = name.split('.')[0];
  return WINDOWS_RESERVED.test(stem.trim()) ? `${stem.trimEnd()}_${name.slice(stem.length)}` : name;
}

/**
 * Bidirectional controls (embeddings, overrides, isolates, LRM/RLM) are invisible and reorder what
 * a file manager shows: "Invoice\u202Efdp.exe" reads as "Invoiceexe.pdf". They are dropped.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g;

function cleanText(text: string): string {
  return maskIdentityNumbers(
    text
      .normalize('NFC')
      .replace(BIDI_CONTROLS, '')
      .replace(/[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/g, '_')
      .replace(/\s+/g, ' '),
  );
}

/** Leading dots hide a file on macOS/Linux; trailing dots and spaces are dropped silently by Windows. */
function stripEnds(text: string): string {
  return text.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
}

/** A Norwegian national identity / D-number (11 digits, two mod-11 check digits) anywhere in a title or reference. */
function maskIdentityNumbers(text: string): string {
  return text.replace(/(?<!\d)(\d{6})[ .-]?(\d{5})(?!\d)/g, (whole, a: string, b: string) => (isIdentityNumber(a + b) ? 'xxxxxxxxxxx' : whole));
}

export function isIdentityNumber(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  const d = [...digits].map(Number);
  const control = (weights: number[]) => {
    const rest = 11 - (weights.reduce((sum, w, i) => sum + w * d[i], 0) % 11);
    return rest === 11 ? 0 : rest;
  };
  const k1 = control([3, 7, 6, 1, 8, 9, 4, 5, 2]);
  const k2 = control([5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  return k1 !== 10 && k2 !== 10 && k1 === d[9] && k2 === d[10];
}

/** YYYY-MM-DD in the machine's time zone: the date people see on the job. */
function localDate(iso: string | undefined): string {
  const parsed = iso ? new Date(iso) : new Date();
  const date = Number.isNaN(parsed.getTime()) ? new Date() : parsed;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
