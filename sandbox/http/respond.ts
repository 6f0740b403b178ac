import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../core/errors';
import { errorXml } from '../api/xml-responses';

export function sendXml(res: ServerResponse, status: number, xml: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/xml;charset=UTF-8', 'Content-Length': Buffer.byteLength(xml), ...headers });
  res.end(xml);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, ...(status === 204 ? {} : { 'Content-Length': '0' }) });
  res.end();
}

export function sendApiError(res: ServerResponse, error: ApiError, headers: Record<string, string> = {}): void {
  sendXml(res, error.httpStatus, errorXml(error.code, error.message, error.type), headers);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value, null, 2);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new ApiError(413, 'REQUEST_TOO_LARGE', `Request body exceeds ${limitBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
