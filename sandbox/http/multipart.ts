/**
 * A small multipart/mixed parser. Hand-rolled because busboy (and the other common parsers) only
 * handle multipart/form-data, while the signature API sends multipart/mixed with parts that are
 * identified by their Content-Type alone (no Content-Disposition, any order).
 */
export interface MimePart {
  headers: Record<string, string>;
  contentType: string;
  body: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/mixed\b/i.test(contentType.trim())) return undefined;
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

export function parseMultipart(body: Buffer, boundary: string): MimePart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MimePart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw new Error('multipart body has no boundary line');
  for (;;) {
    let start = position + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    // Skip transport padding and the line break after the delimiter.
    while (body[start] === 0x20 || body[start] === 0x09) start++;
    if (body[start] === 0x0d) start++;
    if (body[start] === 0x0a) start++;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    const nextLf = next < 0 ? body.indexOf(Buffer.concat([Buffer.from('\n'), delimiter]), start) : -1;
    if (next < 0 && nextLf < 0) throw new Error('multipart body is not terminated');
    const end = next >= 0 ? next : nextLf;
    parts.push(parsePart(body.subarray(start, end)));
    position = next >= 0 ? next + 2 : nextLf + 1;
  }
  return parts;
}

function parsePart(raw: Buffer): MimePart {
  let split = raw.indexOf('\r\n\r\n');
  let separatorLength = 4;
  if (split < 0) {
    split = raw.indexOf('\n\n');
    separatorLength = 2;
  }
  // A part with no headers at all starts directly with the empty line.
  if (raw.subarray(0, 2).toString() === '\r\n') [split, separatorLength] = [0, 2];
  if (split < 0) throw new Error('multipart part has no header/body separator');
  const headers: Record<string, string> = {};
  for (const line of raw.subarray(0, split).toString('latin1').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const contentType = (headers['content-type'] ?? 'text/plain').split(';')[0].trim().toLowerCase();
  return { headers, contentType, body: raw.subarray(split + separatorLength) };
}
