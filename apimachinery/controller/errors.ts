// Error classification for controllers: HTTP status / Kubernetes reason of a failed API call
// (client-node ApiException, our ApiError, or anything with a numeric `code`), and TerminalError
// for failures that retrying cannot fix.

/** A reconcile failure that must not be retried (controller-runtime's TerminalError). */
export class TerminalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

export function isTerminal(e: unknown): boolean {
  return e instanceof TerminalError;
}

/** HTTP status code of an API failure, if it is one. */
export function statusCode(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown; statusCode?: unknown }).code ?? (e as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** The metav1.Status reason of an API failure, if it carries one. */
export function statusReason(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const direct = (e as { reason?: unknown }).reason;
  if (typeof direct === 'string') return direct;
  const r = statusBody(e)?.reason;
  return typeof r === 'string' ? r : undefined;
}

/** The failure's response body (a metav1.Status), parsed when it came as a string. */
function statusBody(e: object): { reason?: unknown; message?: unknown } | undefined {
  const body = (e as { body?: unknown }).body;
  if (typeof body !== 'string') return typeof body === 'object' && body !== null ? body : undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export const isNotFound = (e: unknown): boolean => statusCode(e) === 404;
export const isGone = (e: unknown): boolean => statusCode(e) === 410;
export const isAlreadyExists = (e: unknown): boolean =>
  statusCode(e) === 409 && (statusReason(e) ?? 'AlreadyExists') === 'AlreadyExists';
export const isConflict = (e: unknown): boolean => statusCode(e) === 409 && statusReason(e) === 'Conflict';
export const isInvalid = (e: unknown): boolean => statusCode(e) === 422;

/** A short message: the metav1.Status message of an API failure when there is one. */
export function errorMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null) {
    const msg = statusBody(e)?.message;
    if (typeof msg === 'string' && msg) return msg;
  }
  return e instanceof Error ? e.message : String(e);
}
