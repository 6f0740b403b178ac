// Checks Rest PKI Core requests and answers against the vendor's own OpenAPI document (API 2.2.2),
// read from ../shared/spec/restpki/openapi.yaml (tests may read ../shared; the product may not).
// OpenAPI 3.0 schemas are JSON Schema plus `nullable`, which ajv 6 understands with `nullable: true`;
// the document's own formats byte/int32/int64/double are checked here too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

export const RESTPKI_OPENAPI = path.resolve(import.meta.dirname, '../../../shared/spec/restpki/openapi.yaml');

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  requestSchema?: string;
  responseSchema?: string;
}

type MediaMap = Record<string, { schema?: { $ref?: string } }> | undefined;

function refName(content: MediaMap): string | undefined {
  const ref = content?.['application/json']?.schema?.$ref;
  return ref?.replace('#/components/schemas/', '');
}

export class RestPkiContract {
  private readonly ajv: Ajv.Ajv;
  readonly operations: Operation[] = [];
  readonly version: string;

  constructor(file = RESTPKI_OPENAPI) {
    const document = parse(readFileSync(file, 'utf8')) as {
      info: { version: string };
      paths: Record<string, Record<string, { requestBody?: { content: MediaMap }; responses: Record<string, { content?: MediaMap }> }>>;
      components: { schemas: Record<string, unknown> };
    };
    this.version = document.info.version;
    this.ajv = new Ajv({ nullable: true, allErrors: true, format: 'full', schemaId: '$id', logger: false });
    const int = (bits: number) => (value: number) => Number.isInteger(value) && Math.abs(value) <= 2 ** (bits - 1);
    this.ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
    this.ajv.addFormat('int32', { type: 'number', validate: int(32) });
    this.ajv.addFormat('int64', { type: 'number', validate: int(64) });
    this.ajv.addFormat('double', { type: 'number', validate: (value: number) => Number.isFinite(value) });
    this.ajv.addFormat('float', { type: 'number', validate: (value: number) => Number.isFinite(value) });
    this.ajv.addSchema({ $id: 'restpki', components: document.components });
    for (const [template, methods] of Object.entries(document.paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`, 'i');
      for (const [method, operation] of Object.entries(methods)) {
        this.operations.push({
          method: method.toUpperCase(),
          template,
          pattern,
          requestSchema: refName(operation.requestBody?.content),
          responseSchema: refName(operation.responses['200']?.content),
        });
      }
    }
  }

  /** The operation of the document that a request names (exact templates before ones with parameters). */
  operation(method: string, pathname: string): Operation | undefined {
    const candidates = this.operations.filter((o) => o.method === method.toUpperCase() && o.pattern.test(pathname));
    return candidates.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0))[0];
  }

  /** The schema's complaints about a value, in words; empty when it conforms. */
  errors(schemaName: string, value: unknown): string[] {
    const validate = this.ajv.getSchema(`restpki#/components/schemas/${schemaName}`);
    if (!validate) throw new Error(`The OpenAPI document has no schema ${schemaName}`);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.dataPath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  }

  requestErrors(method: string, pathname: string, body: unknown): string[] {
    const operation = this.operation(method, pathname);
    if (!operation) return [`The OpenAPI document has no operation ${method} ${pathname}`];
    return operation.requestSchema ? this.errors(operation.requestSchema, body) : [];
  }

  /**
   * A 200 answer against the operation's response schema; a 422 against ErrorModelV2, which the
   * document names in its prose (its 422 responses declare no content).
   */
  answerErrors(method: string, pathname: string, status: number, body: unknown): string[] {
    const operation = this.operation(method, pathname);
    if (!operation) return [`The OpenAPI document has no operation ${method} ${pathname}`];
    if (status === 422) return this.errors('ErrorModelV2', body);
    if (status === 200 && operation.responseSchema) return this.errors(operation.responseSchema, body);
    return [];
  }
}
