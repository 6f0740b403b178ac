/** An API-level failure that maps to the documented `error` XML. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly type: 'CLIENT' | 'SERVER' = 'CLIENT',
  ) {
    super(message);
  }
}
