import { parseMultipart, type MimePart } from '../http/multipart';

export interface FormPart extends MimePart {
  name: string;
  fileName?: string;
  /** The part's Content-Type header as sent (parameters kept), or undefined when it had none. */
  declaredType?: string;
}

/** The boundary of a `multipart/form-data` body (sandbox/http/multipart.ts reads multipart/mixed ones). */
export function formDataBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType.trim())) return undefined;
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function dispositionParameter(disposition: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(disposition);
  const value = match?.[1] ?? match?.[2];
  return value === undefined ? undefined : value.replace(/\\(.)/g, '$1');
}

/** Parts of a multipart/form-data body, named by their Content-Disposition (unnamed parts are dropped). */
export function parseFormData(body: Buffer, boundary: string): FormPart[] {
  return parseMultipart(body, boundary).flatMap((part) => {
    const disposition = part.headers['content-disposition'] ?? '';
    // Header values were read as latin1; form-data names and file names are UTF-8 in practice.
    const name = dispositionParameter(Buffer.from(disposition, 'latin1').toString('utf8'), 'name');
    if (!name) return [];
    const fileName = dispositionParameter(Buffer.from(disposition, 'latin1').toString('utf8'), 'filename');
    return [{ ...part, name, fileName, declaredType: part.headers['content-type'] }];
  });
}
