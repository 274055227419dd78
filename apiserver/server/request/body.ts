// Request bodies, read whole up to Kubernetes' 3 MiB limit. An over-sized body is read to its end and
// thrown away (up to a bound) before the 413 goes out: answering while the client is still sending
// and then closing the connection makes the client's kernel see a reset, so the client reports
// "broken pipe" instead of the Status. Past the bound the answer goes out at once.
import type { Readable } from 'node:stream';
import { errors } from '../../../apimachinery/errors.js';

export const maxBodyBytes = 3 * 1024 * 1024;

export interface BodyLimits {
  /** Largest body accepted (default 3 MiB). */
  limit?: number;
  /** How much of an over-sized body is read and dropped before answering (default 64 MiB). */
  discard?: number;
}

export function readBody(stream: Readable, declaredLength: number | undefined, o: BodyLimits = {}): Promise<Buffer> {
  const limit = o.limit ?? maxBodyBytes;
  const discard = o.discard ?? 64 * 1024 * 1024;
  const tooLarge = errors.tooLarge(`Request entity too large: limit is ${limit}`);
  if (declaredLength !== undefined && declaredLength > discard) return Promise.reject(tooLarge);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (err?: Error, body?: Buffer): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('aborted', onAborted);
      if (err) reject(err);
      else resolve(body!);
    };
    const onData = (chunk: Buffer | string): void => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += b.length;
      if (received <= limit) chunks.push(b);
      else chunks.length = 0;
      if (received > discard) {
        stream.pause();
        finish(tooLarge);
      }
    };
    const onEnd = (): void => (received > limit ? finish(tooLarge) : finish(undefined, Buffer.concat(chunks, received)));
    const onError = (err: Error): void => finish(errors.badRequest(`error reading the request body: ${err.message}`));
    const onAborted = (): void => finish(errors.badRequest('the client closed the request before sending the whole body'));
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('aborted', onAborted);
    stream.resume();
  });
}
