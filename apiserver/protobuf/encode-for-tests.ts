// Test support: builds protobuf bytes with protobufjs's Writer (an encoder independent of our
// decoder), field by field, so tests can state bodies the way generated.proto numbers them.

import protobuf from 'protobufjs/minimal.js';

type Writer = protobuf.Writer;
export type Part = (w: Writer) => void;

const tag = (n: number, wireType: number): number => (n << 3) | wireType;

export const str = (n: number, s: string): Part => (w) => void w.uint32(tag(n, 2)).string(s);
export const bytes = (n: number, b: Uint8Array): Part => (w) => void w.uint32(tag(n, 2)).bytes(b);
export const int32 = (n: number, v: number): Part => (w) => void w.uint32(tag(n, 0)).int32(v);
export const int64 = (n: number, v: number): Part => (w) => void w.uint32(tag(n, 0)).int64(v);
export const bool = (n: number, v: boolean): Part => (w) => void w.uint32(tag(n, 0)).bool(v);
export const fixed32 = (n: number, v: number): Part => (w) => void w.uint32(tag(n, 5)).fixed32(v);
/** A packed repeated varint field. */
export const packed = (n: number, vs: number[]): Part => (w) => {
  w.uint32(tag(n, 2)).fork();
  for (const v of vs) w.int64(v);
  w.ldelim();
};
/** A nested message. */
export const sub = (n: number, ...parts: Part[]): Part => (w) => {
  w.uint32(tag(n, 2)).fork();
  for (const p of parts) p(w);
  w.ldelim();
};
/** One map<string, string> entry. */
export const mapStr = (n: number, key: string, value: string): Part => sub(n, str(1, key), str(2, value));
/** One map<string, bytes> entry. */
export const mapBytes = (n: number, key: string, value: Uint8Array): Part => sub(n, str(1, key), bytes(2, value));
/** metav1.Time / MicroTime. */
export const time = (n: number, seconds: number, nanos = 0): Part => sub(n, int64(1, seconds), int32(2, nanos));
/** resource.Quantity. */
export const quantity = (n: number, q: string): Part => sub(n, str(1, q));
/** intstr.IntOrString. */
export const intOrString = (n: number, v: number | string): Part =>
  typeof v === 'number' ? sub(n, int64(1, 0), int32(2, v), str(3, '')) : sub(n, int64(1, 1), int32(2, 0), str(3, v));

export function msg(...parts: Part[]): Uint8Array {
  const w = protobuf.Writer.create();
  for (const p of parts) p(w);
  return w.finish();
}

/** `k8s\0` + runtime.Unknown{typeMeta, raw, contentEncoding, contentType}. */
export function envelope(
  apiVersion: string,
  kind: string,
  raw: Uint8Array,
  opts: { contentEncoding?: string; contentType?: string } = {},
): Buffer {
  const unknown = msg(
    sub(1, str(1, apiVersion), str(2, kind)),
    bytes(2, raw),
    str(3, opts.contentEncoding ?? ''),
    str(4, opts.contentType ?? ''),
  );
  return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), unknown]);
}
