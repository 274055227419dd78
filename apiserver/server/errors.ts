// The one place where failures become metav1.Status replies: ApiErrors keep their reason and code,
// storage sentinels that reach here unmapped (a bad resourceVersion on watch, etcd down on get) and
// fastify's own errors (body too large, bad media type) are mapped, anything else is a 500 logged.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errors } from '../../apimachinery/errors.js';
import { StorageError } from '../storage/types.js';

/** Storage sentinels without a resource to name (the registry maps the ones it sees with one). */
function fromStorage(err: StorageError): ApiError {
  switch (err.code) {
    case 'Invalid':
      return errors.badRequest(err.message);
    case 'Compacted':
      return errors.gone('The resourceVersion for the provided watch is too old.');
    case 'TooLargeResourceVersion':
      return new ApiError('Timeout', 'Too large resource version', { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 });
    case 'Unavailable':
      return new ApiError('ServiceUnavailable', `storage unavailable: ${err.message}`, { retryAfterSeconds: 1 });
    case 'KeyNotFound':
      return new ApiError('NotFound', 'the server could not find the requested resource');
    case 'KeyExists':
    case 'Conflict':
      return new ApiError('Conflict', 'the object has been modified; please apply your changes to the latest version and try again');
  }
}

export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof StorageError) return fromStorage(err);
  const fe = err as Partial<FastifyError> | undefined;
  switch (fe?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.tooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType(String(fe.message));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_TYPE':
      return errors.badRequest(String(fe.message));
  }
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return errors.badRequest(String(fe.message));
  return undefined;
}

export function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  let apiErr = toApiError(err);
  if (!apiErr) {
    request.log.error({ err, url: request.url, method: request.method }, 'internal error');
    apiErr = errors.internal(err instanceof Error ? err.message : String(err));
  }
  apiErr = withRouteDetails(apiErr);
  if (reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  void reply.code(apiErr.code).header('content-type', 'application/json').send(JSON.stringify(apiErr.toStatus()));
}

/**
 * A 404 that names no object (unknown path, group, version, resource or subresource) carries the
 * details Kubernetes' router gives it (NewGenericServerResponse): clients such as kubectl debug read
 * `details` and must find it set.
 */
function withRouteDetails(err: ApiError): ApiError {
  if (err.reason !== 'NotFound' || err.details) return err;
  return new ApiError('NotFound', err.message, { causes: [{ reason: 'UnexpectedServerResponse', message: '404 page not found' }] });
}
