// Encoding shared by the etcd store and the watch cache: JSON values (resourceVersion stripped on the
// way in, set to the mod revision on the way out), prefix ranges, continue tokens and the mapping of
// etcd client errors onto StorageError sentinels.
import { ClientClosedError, GRPCDeadlineExceededError, GRPCUnavailableError, type IKeyValue } from 'etcd3';
import { jsonEqual } from '../../apimachinery/objects.js';
import { StorageError, type KubeObject, type Stored } from './types.js';

/** JSON of `obj` without metadata.resourceVersion (etcd's revision is the source of truth). */
export function encode(obj: KubeObject): Buffer {
  const meta = obj.metadata;
  if (meta && 'resourceVersion' in meta) {
    const { resourceVersion: _rv, ...rest } = meta;
    return Buffer.from(JSON.stringify({ ...obj, metadata: rest }));
  }
  return Buffer.from(JSON.stringify(obj));
}

/** Whether two objects are equal as JSON, metadata.resourceVersion aside (as encode() stores them). */
export function sameStored(a: KubeObject, b: KubeObject): boolean {
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (k !== 'metadata') {
      if (!jsonEqual(a[k], b[k])) return false;
      continue;
    }
    const ma = a.metadata;
    const mb = b.metadata;
    if (!ma || !mb || typeof ma !== 'object' || typeof mb !== 'object') {
      if (!jsonEqual(ma, mb)) return false;
      continue;
    }
    if (!jsonEqual({ ...ma, resourceVersion: undefined }, { ...mb, resourceVersion: undefined })) return false;
  }
  return true;
}

/** A shallow copy of `obj` with metadata.resourceVersion = rv. */
export function withRv(obj: KubeObject, rv: string): KubeObject {
  return { ...obj, metadata: { ...(obj.metadata ?? {}), resourceVersion: rv } };
}

/** Decodes a stored value; metadata.resourceVersion = `rv` (default: the kv's mod revision). */
export function decodeKv(kv: IKeyValue, rv: string = kv.mod_revision): Stored {
  const obj = JSON.parse(kv.value.toString('utf8')) as KubeObject;
  const meta = obj.metadata && typeof obj.metadata === 'object' ? obj.metadata : {};
  meta.resourceVersion = rv;
  obj.metadata = meta;
  return { key: kv.key.toString('utf8'), object: obj, rv };
}

/** The exclusive end of the key range holding every key that starts with `prefix`. */
export function prefixEnd(prefix: string): Buffer {
  const b = Buffer.from(prefix);
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      const end = Buffer.from(b.subarray(0, i + 1));
      end[i]! += 1;
      return end;
    }
  }
  return Buffer.from([0]); // every key
}

/** Parses a resourceVersion (decimal, ≥ 0); StorageError('Invalid') otherwise. */
export function parseRv(rv: string, key: string): number {
  if (!/^\d{1,19}$/.test(rv)) throw new StorageError('Invalid', key, `invalid resource version "${rv}"`);
  return Number(rv);
}

interface ContinueJson {
  v: string;
  rv: number;
  start: string;
}

/** Continue token as Kubernetes spells it: base64url of {"v","rv","start"}, start relative to the prefix. */
export function encodeContinue(prefix: string, nextKey: string, rv: number): string {
  const body: ContinueJson = { v: 'meta.k8s.io/v1', rv, start: nextKey.slice(prefix.length) };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** Decodes a continue token for `prefix`: the revision of the first page and the key to resume at. */
export function decodeContinue(prefix: string, token: string): { rv: number; startKey: string } {
  const bad = (why: string): StorageError => new StorageError('Invalid', prefix, `continue key is not valid: ${why}`);
  let body: Partial<ContinueJson>;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<ContinueJson>;
  } catch {
    throw bad('not base64 JSON');
  }
  if (body === null || typeof body !== 'object' || body.v !== 'meta.k8s.io/v1') throw bad('unknown version');
  if (typeof body.rv !== 'number' || !Number.isInteger(body.rv) || body.rv <= 0) throw bad('incorrect encoded start resourceVersion');
  if (typeof body.start !== 'string' || body.start.length === 0) throw bad('no start key');
  return { rv: body.rv, startKey: prefix + body.start };
}

export const tooOldContinue =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

/** Maps etcd client errors to StorageError sentinels; anything else is returned unchanged. */
export function mapEtcdError(err: unknown, key: string): unknown {
  if (err instanceof StorageError || !(err instanceof Error)) return err;
  const msg = err.message;
  if (msg.includes('required revision has been compacted')) return new StorageError('Compacted', key, msg);
  if (msg.includes('required revision is a future revision'))
    return new StorageError('TooLargeResourceVersion', key, 'Too large resource version');
  if (/circuit breaker is open/.test(msg)) return new StorageError('Unavailable', key, 'etcd is unreachable (every endpoint failed just now)');
  if (err instanceof GRPCUnavailableError || err instanceof GRPCDeadlineExceededError || err instanceof ClientClosedError || /UNAVAILABLE|ECONNREFUSED/.test(msg))
    return new StorageError('Unavailable', key, `etcd is unreachable: ${msg}`);
  return err;
}
