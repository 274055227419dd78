// Protobuf wire-format reading: splits a message buffer into (field number, wire type, value)
// records. Pure bounds-checked parsing, no schema; every malformed input ends in a WireError.

/** A malformed protobuf body. Turned into a BadRequest at the envelope boundary. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

/** One field occurrence in a message. `varint` is set for wire type 0, `bytes` otherwise. */
export interface WireField {
  field: number;
  wireType: number;
  varint: bigint;
  bytes: Uint8Array;
}

const EMPTY = new Uint8Array(0);
const MAX_TAG = (2n ** 29n - 1n) * 8n + 7n;

/** Reads a base-128 varint at `pos`; returns the value and the next position. */
export function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new WireError(`truncated varint at offset ${pos}`);
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [BigInt.asUintN(64, result), pos];
    shift += 7n;
  }
  throw new WireError(`varint longer than 10 bytes before offset ${pos}`);
}

/** Iterates the fields of one message, in wire order. */
export function* readFields(buf: Uint8Array): Generator<WireField> {
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    const [tag, afterTag] = readVarint(buf, pos);
    pos = afterTag;
    if (tag > MAX_TAG || tag >> 3n === 0n) {
      throw new WireError(`invalid field tag ${tag} at offset ${start}`);
    }
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    switch (wireType) {
      case WIRE_VARINT: {
        const [v, next] = readVarint(buf, pos);
        pos = next;
        yield { field, wireType, varint: v, bytes: EMPTY };
        break;
      }
      case WIRE_FIXED64:
      case WIRE_FIXED32: {
        const size = wireType === WIRE_FIXED64 ? 8 : 4;
        if (pos + size > buf.length) throw new WireError(`truncated fixed${size * 8} field ${field} at offset ${pos}`);
        yield { field, wireType, varint: 0n, bytes: buf.subarray(pos, pos + size) };
        pos += size;
        break;
      }
      case WIRE_BYTES: {
        const [len, next] = readVarint(buf, pos);
        pos = next;
        if (len > BigInt(buf.length - pos)) {
          throw new WireError(`field ${field} claims ${len} bytes at offset ${pos}, only ${buf.length - pos} left`);
        }
        const end = pos + Number(len);
        yield { field, wireType, varint: 0n, bytes: buf.subarray(pos, end) };
        pos = end;
        break;
      }
      default:
        throw new WireError(`unsupported wire type ${wireType} for field ${field} at offset ${start}`);
    }
  }
}

/** Decodes a packed run of varints (a repeated scalar field sent with wire type 2). */
export function readPackedVarints(buf: Uint8Array): bigint[] {
  const out: bigint[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [v, next] = readVarint(buf, pos);
    out.push(v);
    pos = next;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8');

export function utf8String(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
