// Schema-driven decoding of one protobuf message into the JSON object Kubernetes' JSON
// serializer would produce: JSON field names, []byte as base64, Kubernetes special types in
// their JSON form, and zero values dropped unless the Go field is a pointer (omitempty).

import { isScalar, isSpecial, type FieldSpec, type Schema } from './schema.js';
import {
  readFields,
  readPackedVarints,
  utf8String,
  WireError,
  WIRE_BYTES,
  WIRE_VARINT,
  type WireField,
} from './wire.js';

export type JsonObject = Record<string, unknown>;

export interface DecodeContext {
  readonly schema: Schema;
  /** Decodes a nested `k8s\0`-prefixed object found in a RawExtension. */
  readonly decodeEmbedded: (raw: Uint8Array, depth: number) => JsonObject;
}

/** Deeper nesting than any real Kubernetes object; stops hostile RawExtension chains. */
export const MAX_DEPTH = 64;

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
// Go's time.Time JSON form only covers years 0001-9999.
const MIN_SECONDS = -62135596800n;
const MAX_SECONDS = 253402300799n;

export function hasMagic(buf: Uint8Array): boolean {
  return buf.length >= 4 && MAGIC.every((b, i) => buf[i] === b);
}

/** Decodes `bytes` as message `type` of the schema. */
export function decodeMessage(ctx: DecodeContext, type: string, bytes: Uint8Array, depth = 0): JsonObject {
  if (depth > MAX_DEPTH) throw new WireError(`message nesting deeper than ${MAX_DEPTH}`);
  const table = ctx.schema.get(type);
  if (!table) throw new WireError(`no schema for message ${type}`);
  const out: JsonObject = {};
  const inlined: JsonObject[] = [];
  for (const wf of readFields(bytes)) {
    const f = table.get(wf.field);
    if (!f) continue; // unknown fields are skipped, as Go's generated code does
    const where = `${type}.${f.json}`;
    if (f.map) {
      const [k, v] = decodeMapEntry(ctx, f, wf, where, depth);
      const m = (out[f.json] ??= {}) as JsonObject;
      // defineProperty, not assignment: a key like "__proto__" must stay an ordinary entry.
      Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
    } else if (f.repeated) {
      const list = (out[f.json] ??= []) as unknown[];
      list.push(...decodeRepeated(ctx, f, wf, where, depth));
    } else if (f.inline) {
      inlined.push(decodeMessage(ctx, f.type, expectBytes(wf, where), depth + 1));
    } else {
      const v = decodeValue(ctx, f.type, wf, where, depth);
      const prev = out[f.json];
      // A repeated occurrence of a singular message merges into the first (protobuf semantics).
      out[f.json] = isPlainObject(prev) && isPlainObject(v) ? { ...prev, ...v } : v;
    }
  }
  for (const [, f] of table) {
    if (f.inline || !(f.json in out)) continue;
    const v = out[f.json];
    if (v === undefined || (!f.pointer && isZero(v))) delete out[f.json];
  }
  for (const obj of inlined) Object.assign(out, obj);
  return out;
}

function decodeRepeated(ctx: DecodeContext, f: FieldSpec, wf: WireField, where: string, depth: number): unknown[] {
  if ((f.type === 'int32' || f.type === 'int64' || f.type === 'bool') && wf.wireType === WIRE_BYTES) {
    return readPackedVarints(wf.bytes).map((v) => scalarFromVarint(f.type, v));
  }
  return [decodeValue(ctx, f.type, wf, where, depth)];
}

function decodeMapEntry(
  ctx: DecodeContext,
  f: FieldSpec,
  wf: WireField,
  where: string,
  depth: number,
): [string, unknown] {
  let key = '';
  let value: unknown;
  for (const e of readFields(expectBytes(wf, where))) {
    if (e.field === 1) key = utf8String(expectBytes(e, `${where} key`));
    else if (e.field === 2) value = decodeValue(ctx, f.type, e, `${where}[${key}]`, depth);
  }
  return [key, value ?? mapZero(f.type)];
}

function mapZero(type: string): unknown {
  if (type === 'Quantity') return '0';
  if (type === 'StringList') return [];
  return '';
}

function decodeValue(ctx: DecodeContext, type: string, wf: WireField, where: string, depth: number): unknown {
  if (isScalar(type)) {
    if (type === 'string') return utf8String(expectBytes(wf, where));
    if (type === 'bytes') return Buffer.from(expectBytes(wf, where)).toString('base64');
    if (wf.wireType !== WIRE_VARINT) throw new WireError(`${where}: wire type ${wf.wireType}, want varint`);
    return scalarFromVarint(type, wf.varint);
  }
  const bytes = expectBytes(wf, where);
  if (isSpecial(type)) {
    switch (type) {
      case 'Time':
        return decodeTime(bytes, where, false);
      case 'MicroTime':
        return decodeTime(bytes, where, true);
      case 'Quantity':
        return decodeQuantity(bytes, where);
      case 'IntOrString':
        return decodeIntOrString(bytes, where);
      case 'RawExtension':
        return decodeRawExtension(ctx, bytes, where, depth);
      case 'FieldsV1':
        return decodeFieldsV1(bytes, where);
      case 'StringList':
        return decodeStringList(bytes, where);
    }
  }
  return decodeMessage(ctx, type, bytes, depth + 1);
}

function scalarFromVarint(type: string, v: bigint): number | boolean {
  if (type === 'bool') return v !== 0n;
  if (type === 'int32') return Number(BigInt.asIntN(32, v));
  return Number(BigInt.asIntN(64, v));
}

function expectBytes(wf: WireField, where: string): Uint8Array {
  if (wf.wireType !== WIRE_BYTES) throw new WireError(`${where}: wire type ${wf.wireType}, want length-delimited`);
  return wf.bytes;
}

function expectVarint(wf: WireField, where: string): bigint {
  if (wf.wireType !== WIRE_VARINT) throw new WireError(`${where}: wire type ${wf.wireType}, want varint`);
  return wf.varint;
}

/**
 * metav1.Time / MicroTime {1 seconds, 2 nanos}. An empty message is the zero time (JSON null,
 * dropped). Time keeps whole seconds like Go's Time.Unmarshal; MicroTime keeps microseconds.
 */
function decodeTime(bytes: Uint8Array, where: string, micro: boolean): string | undefined {
  if (bytes.length === 0) return undefined;
  let seconds = 0n;
  let nanos = 0n;
  for (const wf of readFields(bytes)) {
    if (wf.field === 1) seconds = BigInt.asIntN(64, expectVarint(wf, `${where}.seconds`));
    else if (wf.field === 2) nanos = BigInt.asIntN(32, expectVarint(wf, `${where}.nanos`));
  }
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw new WireError(`${where}: time ${seconds}s out of range`);
  if (nanos < 0n || nanos > 999_999_999n) throw new WireError(`${where}: nanos ${nanos} out of range`);
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  if (!micro) return `${base}Z`;
  return `${base}.${String(nanos / 1000n).padStart(6, '0')}Z`;
}

/** resource.Quantity {1 string}; an empty one is dropped (in a map it becomes "0", Go's zero). */
function decodeQuantity(bytes: Uint8Array, where: string): string | undefined {
  let s = '';
  for (const wf of readFields(bytes)) {
    if (wf.field === 1) s = utf8String(expectBytes(wf, `${where}.string`));
  }
  return s === '' ? undefined : s;
}

/** intstr.IntOrString {1 type (0 int, 1 string), 2 intVal, 3 strVal}. */
function decodeIntOrString(bytes: Uint8Array, where: string): number | string {
  let type = 0n;
  let intVal = 0;
  let strVal = '';
  for (const wf of readFields(bytes)) {
    if (wf.field === 1) type = expectVarint(wf, `${where}.type`);
    else if (wf.field === 2) intVal = Number(BigInt.asIntN(32, expectVarint(wf, `${where}.intVal`)));
    else if (wf.field === 3) strVal = utf8String(expectBytes(wf, `${where}.strVal`));
  }
  return type === 1n ? strVal : intVal;
}

/** runtime.RawExtension {1 raw}: raw is JSON, or a nested `k8s\0` protobuf object. */
function decodeRawExtension(ctx: DecodeContext, bytes: Uint8Array, where: string, depth: number): unknown {
  let raw: Uint8Array = new Uint8Array(0);
  for (const wf of readFields(bytes)) {
    if (wf.field === 1) raw = expectBytes(wf, `${where}.raw`);
  }
  if (raw.length === 0) return undefined;
  if (hasMagic(raw)) return ctx.decodeEmbedded(raw, depth + 1);
  return parseJson(raw, where);
}

/** metav1.FieldsV1 {1 Raw}: a JSON document. */
function decodeFieldsV1(bytes: Uint8Array, where: string): unknown {
  let raw: Uint8Array = new Uint8Array(0);
  for (const wf of readFields(bytes)) {
    if (wf.field === 1) raw = expectBytes(wf, `${where}.Raw`);
  }
  return raw.length === 0 ? undefined : parseJson(raw, where);
}

/** authn/authz ExtraValue {1 repeated string} → string[]. */
function decodeStringList(bytes: Uint8Array, where: string): string[] {
  const out: string[] = [];
  for (const wf of readFields(bytes)) {
    if (wf.field === 1) out.push(utf8String(expectBytes(wf, `${where}.items`)));
  }
  return out;
}

function parseJson(raw: Uint8Array, where: string): unknown {
  try {
    return JSON.parse(utf8String(raw)) as unknown;
  } catch {
    throw new WireError(`${where}: embedded data is neither JSON nor a k8s protobuf object`);
  }
}

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isZero(v: unknown): boolean {
  if (v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return false;
}
