// Typed domain errors. Use cases throw these; the HTTP edge (commons/http.ts) maps them to status
// codes in one place, so no handler matches errors by name or leaks a raw error to a client.

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `body.fileName` or `query.page`. */
  field: string;
  reason: string;
}

export abstract class CtsError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is malformed: each issue names the field and the reason. */
export class ValidationError extends CtsError {
  readonly status = 400;
  readonly code = 'ValidationError';
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.reason}`).join('; '));
  }
  static of(field: string, reason: string): ValidationError {
    return new ValidationError([{ field, reason }]);
  }
}

export class UnauthorizedError extends CtsError {
  readonly status = 401;
  readonly code = 'Unauthorized';
}

/** Signed in, but this object or route is not theirs. */
export class ForbiddenError extends CtsError {
  readonly status = 403;
  readonly code = 'Forbidden';
}

export class NotFoundError extends CtsError {
  readonly status = 404;
  readonly code = 'NotFound';
}

/** The action is not allowed in the object's current state, or a concurrent change won. */
export class ConflictError extends CtsError {
  readonly status = 409;
  readonly code = 'Conflict';
}

export class PayloadTooLargeError extends CtsError {
  readonly status = 413;
  readonly code = 'PayloadTooLarge';
}

/** A service CTS depends on failed; nothing was changed, and the same request may be sent again. */
export class ServiceUnavailableError extends CtsError {
  readonly status = 503;
  readonly code = 'ServiceUnavailable';
}
