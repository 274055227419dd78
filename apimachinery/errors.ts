// The one catalogue of API errors. Every failure the API server reports is one of these; the
// server maps them to a metav1.Status in exactly one place (apiserver/server/errors.ts).

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'Unauthorized'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'Gone'
  | 'Expired'
  | 'TooManyRequests'
  | 'Timeout'
  | 'InternalError'
  | 'ServiceUnavailable';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason | string;
  details?: StatusDetails;
  code: number;
}

const codes: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  BadRequest: 400,
  Forbidden: 403,
  Unauthorized: 401,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  UnsupportedMediaType: 415,
  RequestEntityTooLarge: 413,
  Gone: 410,
  Expired: 410,
  TooManyRequests: 429,
  Timeout: 504,
  InternalError: 500,
  ServiceUnavailable: 503,
};

/** A failure with a Kubernetes reason. Thrown by any layer; turned into a Status once. */
export class ApiError extends Error {
  readonly reason: StatusReason;
  readonly code: number;
  readonly details?: StatusDetails;

  constructor(reason: StatusReason, message: string, details?: StatusDetails, code?: number) {
    super(message);
    this.name = 'ApiError';
    this.reason = reason;
    this.code = code ?? codes[reason];
    this.details = details;
  }

  toStatus(): Status {
    const s: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) s.details = this.details;
    return s;
  }
}

/** A field-level validation problem, as in k8s.io/apimachinery/pkg/util/validation/field. */
export interface FieldError {
  /** e.g. `spec.template.spec.containers[0].image` */
  field: string;
  /** FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueDuplicate, FieldValueForbidden, FieldValueTooLong, FieldValueTypeInvalid */
  type: string;
  /** Human detail, e.g. `Required value` or `Invalid value: "x": must be ...` */
  message: string;
}

export const fieldErrors = {
  required: (field: string, detail = ''): FieldError => ({
    field,
    type: 'FieldValueRequired',
    message: detail ? `Required value: ${detail}` : 'Required value',
  }),
  invalid: (field: string, value: unknown, detail: string): FieldError => ({
    field,
    type: 'FieldValueInvalid',
    message: `Invalid value: ${formatValue(value)}: ${detail}`,
  }),
  notSupported: (field: string, value: unknown, supported: string[]): FieldError => ({
    field,
    type: 'FieldValueNotSupported',
    message: `Unsupported value: ${formatValue(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}`,
  }),
  duplicate: (field: string, value: unknown): FieldError => ({
    field,
    type: 'FieldValueDuplicate',
    message: `Duplicate value: ${formatValue(value)}`,
  }),
  forbidden: (field: string, detail: string): FieldError => ({
    field,
    type: 'FieldValueForbidden',
    message: `Forbidden: ${detail}`,
  }),
  typeInvalid: (field: string, value: unknown, detail: string): FieldError => ({
    field,
    type: 'FieldValueTypeInvalid',
    message: `Invalid value: ${formatValue(value)}: ${detail}`,
  }),
  tooLong: (field: string, max: number): FieldError => ({
    field,
    type: 'FieldValueTooLong',
    message: `Too long: may not be more than ${max} bytes`,
  }),
};

/** A bad value as Kubernetes' field.Error prints it: strings quoted, a missing value as "null". */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return '"null"';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * NewInvalid's message: `<Kind.group> "<name>" is invalid: <errors>` where the errors are aggregated
 * as Kubernetes' field.ErrorList.ToAggregate does: identical ones once, one alone as is, several as
 * `[a, b]`; none at all leaves `is invalid` alone.
 */
export function invalidMessage(qualifiedKind: string, name: string, errs: FieldError[]): string {
  const unique = [...new Set(errs.map((e) => `${e.field}: ${e.message}`))];
  const head = `${qualifiedKind} "${name}" is invalid`;
  if (unique.length === 0) return head;
  return `${head}: ${unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`}`;
}

export const errors = {
  notFound: (resource: string, name: string, group = ''): ApiError =>
    new ApiError('NotFound', `${qualified(resource, group)} "${name}" not found`, {
      name,
      group: group || undefined,
      kind: resource,
    }),
  alreadyExists: (resource: string, name: string, group = ''): ApiError =>
    new ApiError('AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, {
      name,
      group: group || undefined,
      kind: resource,
    }),
  conflict: (resource: string, name: string, detail: string, group = ''): ApiError =>
    new ApiError(
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": ${detail}`,
      { name, group: group || undefined, kind: resource },
    ),
  invalid: (kind: string, name: string, errs: FieldError[], group = ''): ApiError =>
    new ApiError(
      'Invalid',
      invalidMessage(qualified(kind, group), name, errs),
      {
        name,
        group: group || undefined,
        kind,
        causes: errs.map((e) => ({ reason: e.type, message: e.message, field: e.field })),
      },
    ),
  badRequest: (message: string): ApiError => new ApiError('BadRequest', message),
  methodNotAllowed: (message: string): ApiError => new ApiError('MethodNotAllowed', message),
  unsupportedMediaType: (contentType: string): ApiError =>
    new ApiError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${contentType})`),
  tooLarge: (message = 'Request entity too large: limit is 3145728'): ApiError =>
    new ApiError('RequestEntityTooLarge', message),
  gone: (message: string): ApiError => new ApiError('Expired', message, undefined, 410),
  forbidden: (message: string): ApiError => new ApiError('Forbidden', message),
  tooManyRequests: (message: string): ApiError => new ApiError('TooManyRequests', message),
  internal: (message: string): ApiError => new ApiError('InternalError', `Internal error occurred: ${message}`),
};

function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.reason === 'NotFound';
}
