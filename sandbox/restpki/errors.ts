import type { ErrorModelV2 } from './schemas';

/** A 422 "API error": the body is an ErrorModelV2 whose `code` a client maps to its own words. */
export class RestPkiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail: string | null = null,
    readonly details: Record<string, string> | null = null,
  ) {
    super(message);
  }

  toModel(): ErrorModelV2 {
    return { code: this.code, message: this.message, detail: this.detail, details: this.details };
  }
}

/** A 400 "syntax error": ASP.NET's model-validation answer, each problem under the JSON path of its field. */
export class SyntaxProblem extends Error {
  constructor(readonly errors: Record<string, string[]>) {
    super(Object.entries(errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`).join('; '));
  }

  static at(field: string, message: string): SyntaxProblem {
    return new SyntaxProblem({ [field]: [message] });
  }
}

/** The session cannot do that now (control API: 409; signing page: a message). */
export class StateConflict extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An answer with a status of its own and a ProblemDetails body (415 for a body that is not JSON). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
