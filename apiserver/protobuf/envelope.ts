// The Kubernetes protobuf request envelope: 4 magic bytes `k8s\0`, then runtime.Unknown
// {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType}. Decodes a
// request body into the JSON object a JSON client would have sent.

import { ApiError, errors } from '../../apimachinery/errors.js';
import { decodeMessage, hasMagic, MAX_DEPTH, type DecodeContext, type JsonObject } from './decode.js';
import { messageFor, schema } from './kinds.js';
import { readFields, utf8String, WireError, WIRE_BYTES } from './wire.js';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

export interface DecodedBody {
  apiVersion: string;
  kind: string;
  /** The object in its JSON form, apiVersion and kind included. */
  object: JsonObject;
}

/** True for `application/vnd.kubernetes.protobuf` (parameters and case ignored). */
export function isProtobuf(contentType: string | undefined): boolean {
  if (!contentType) return false;
  return contentType.split(';', 1)[0]!.trim().toLowerCase() === PROTOBUF_CONTENT_TYPE;
}

/**
 * Decodes a protobuf request body. Throws ApiError BadRequest on a wrong magic, malformed or
 * truncated data, or a kind we have no schema for; never any other exception.
 */
export function decodeProtobufBody(buf: Uint8Array): DecodedBody {
  try {
    return decodeEnvelope(buf, 0);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    const detail = e instanceof Error ? e.message : String(e);
    throw errors.badRequest(`unable to decode protobuf request body: ${detail}`);
  }
}

const ctx: DecodeContext = {
  schema,
  decodeEmbedded: (raw, depth) => decodeEnvelope(raw, depth).object,
};

function decodeEnvelope(buf: Uint8Array, depth: number): DecodedBody {
  if (depth > MAX_DEPTH) throw new WireError(`objects nested deeper than ${MAX_DEPTH}`);
  if (!hasMagic(buf)) {
    throw errors.badRequest('unable to decode protobuf request body: missing the "k8s\\x00" prefix');
  }
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array(0);
  let contentEncoding = '';
  let contentType = '';
  for (const f of readFields(buf.subarray(4))) {
    if (f.wireType !== WIRE_BYTES) {
      if (f.field <= 4) throw new WireError(`runtime.Unknown field ${f.field}: wire type ${f.wireType}`);
      continue;
    }
    if (f.field === 1) {
      for (const t of readFields(f.bytes)) {
        if (t.wireType !== WIRE_BYTES) continue;
        if (t.field === 1) apiVersion = utf8String(t.bytes);
        else if (t.field === 2) kind = utf8String(t.bytes);
      }
    } else if (f.field === 2) raw = f.bytes;
    else if (f.field === 3) contentEncoding = utf8String(f.bytes);
    else if (f.field === 4) contentType = utf8String(f.bytes);
  }
  if (!kind) throw new WireError('runtime.Unknown has no kind');
  if (contentEncoding) throw new WireError(`unsupported contentEncoding "${contentEncoding}"`);

  let body: JsonObject;
  if (contentType && !isProtobuf(contentType)) {
    if (contentType.split(';', 1)[0]!.trim().toLowerCase() !== 'application/json') {
      throw new WireError(`unsupported embedded contentType "${contentType}"`);
    }
    body = parseJsonObject(raw);
  } else {
    const message = messageFor(apiVersion, kind);
    if (!message) {
      throw errors.badRequest(
        `unable to decode protobuf request body: no protobuf schema for kind "${kind}" in apiVersion "${apiVersion}"; send it as application/json`,
      );
    }
    body = decodeMessage(ctx, message, raw, depth);
  }
  const { apiVersion: _a, kind: _k, ...rest } = body;
  return { apiVersion, kind, object: { apiVersion, kind, ...rest } };
}

function parseJsonObject(raw: Uint8Array): JsonObject {
  let v: unknown;
  try {
    v = JSON.parse(utf8String(raw));
  } catch {
    throw new WireError('embedded JSON is malformed');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WireError('embedded JSON is not an object');
  return v as JsonObject;
}
