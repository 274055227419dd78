// Envelope handling and failure modes: content-type detection, bad magic, truncation, unknown
// kinds, unsupported encodings, and fuzzing (garbage must end in BadRequest, never a crash).

import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import { envelope, int32, int64, intOrString, mapStr, msg, str, sub, time } from './encode-for-tests.js';
import { decodeProtobufBody, isProtobuf, messageFor, supportedKinds } from './index.js';
import { rng } from '../../test/rng.js';

function badRequest(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    const err = e as ApiError;
    expect(err.reason).toBe('BadRequest');
    expect(err.code).toBe(400);
    return err;
  }
  throw new Error('expected a BadRequest, got a result');
}

const deployment = envelope(
  'apps/v1',
  'Deployment',
  msg(
    sub(1, str(1, 'web'), str(3, 'default'), mapStr(11, 'app', 'web'), time(8, 1_700_000_000)),
    sub(
      2,
      int32(1, 3),
      sub(2, mapStr(1, 'app', 'web')),
      sub(3, sub(1, mapStr(11, 'app', 'web')), sub(2, sub(2, str(1, 'nginx'), str(2, 'nginx:1.27'), sub(6, int32(3, 80))))),
      sub(4, str(1, 'RollingUpdate'), sub(2, intOrString(1, '25%'), intOrString(2, 1))),
    ),
  ),
);

describe('isProtobuf', () => {
  it.each([
    ['application/vnd.kubernetes.protobuf', true],
    ['application/vnd.kubernetes.protobuf; charset=binary', true],
    ['Application/Vnd.Kubernetes.Protobuf', true],
    ['application/json', false],
    ['application/vnd.kubernetes.protobuf+json', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (ct, want) => {
    expect(isProtobuf(ct)).toBe(want);
  });
});

describe('decodeProtobufBody failures', () => {
  it.each([
    ['empty body', Buffer.alloc(0)],
    ['JSON body', Buffer.from('{"kind":"Namespace"}')],
    ['3 bytes of magic', Buffer.from([0x6b, 0x38, 0x73])],
    ['wrong magic', Buffer.from([0x6b, 0x38, 0x73, 0x01, 0x0a, 0x00])],
  ])('%s → BadRequest mentioning the prefix', (_name, buf) => {
    expect(badRequest(() => decodeProtobufBody(buf)).message).toContain('k8s');
  });

  it('an unknown kind → BadRequest naming the kind', () => {
    const err = badRequest(() => decodeProtobufBody(envelope('example.com/v1', 'Widget', msg())));
    expect(err.message).toContain('"Widget"');
    expect(err.message).toContain('example.com/v1');
  });

  it('a known kind under the wrong apiVersion → BadRequest', () => {
    expect(badRequest(() => decodeProtobufBody(envelope('apps/v1beta1', 'Deployment', msg()))).message).toContain('Deployment');
  });

  it('no kind at all → BadRequest', () => {
    badRequest(() => decodeProtobufBody(envelope('v1', '', msg())));
  });

  it('a gzip contentEncoding → BadRequest', () => {
    expect(badRequest(() => decodeProtobufBody(envelope('v1', 'Namespace', msg(), { contentEncoding: 'gzip' }))).message).toContain('gzip');
  });

  it('raw JSON with contentType application/json is accepted', () => {
    const raw = Buffer.from('{"metadata":{"name":"j"},"kind":"ignored"}');
    expect(decodeProtobufBody(envelope('v1', 'Namespace', raw, { contentType: 'application/json' })).object).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'j' },
    });
  });

  it.each([
    ['wire-type mismatch on a known field', msg(int64(1, 5))],
    ['time beyond year 9999', msg(sub(1, time(8, 300_000_000_000)))],
    ['nanos out of range', msg(sub(1, sub(8, int64(1, 1), int32(2, -1))))],
    ['length beyond the buffer', Buffer.from([0x0a, 0x7f, 0x0a])],
    ['unterminated varint', Buffer.from([0x08, 0xff, 0xff])],
    ['group wire type', Buffer.from([0x0b, 0x0c])],
    ['field number 0', Buffer.from([0x02, 0x00])],
  ])('%s → BadRequest', (_name, raw) => {
    badRequest(() => decodeProtobufBody(envelope('v1', 'Namespace', raw)));
  });

  it('every truncation of a valid body → BadRequest or a (shorter) valid decode, never a crash', () => {
    for (let n = 0; n < deployment.length; n++) {
      try {
        decodeProtobufBody(deployment.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(ApiError);
        expect((e as ApiError).reason).toBe('BadRequest');
      }
    }
    expect(decodeProtobufBody(deployment).object).toMatchObject({ spec: { replicas: 3 } });
  });
});

function onlyBadRequest(buf: Uint8Array): void {
  try {
    decodeProtobufBody(buf);
  } catch (e) {
    if (!(e instanceof ApiError) || e.reason !== 'BadRequest') {
      throw new Error(`non-BadRequest failure for ${Buffer.from(buf).toString('hex')}: ${String(e)}`);
    }
  }
}

describe('fuzz', () => {
  it('random bytes, with and without the magic prefix', () => {
    const rnd = rng(0x5eed);
    for (let i = 0; i < 3000; i++) {
      const body = Buffer.alloc(Math.floor(rnd() * 200));
      for (let j = 0; j < body.length; j++) body[j] = Math.floor(rnd() * 256);
      onlyBadRequest(body);
      onlyBadRequest(Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), body]));
    }
  });

  it('random byte flips in a valid Deployment body', () => {
    const rnd = rng(42);
    for (let i = 0; i < 3000; i++) {
      const body = Buffer.from(deployment);
      const flips = 1 + Math.floor(rnd() * 4);
      for (let f = 0; f < flips; f++) body[4 + Math.floor(rnd() * (body.length - 4))] = Math.floor(rnd() * 256);
      onlyBadRequest(body);
    }
  });

  it('random valid-looking envelopes for every supported kind', () => {
    const rnd = rng(7);
    for (const { apiVersion, kind } of supportedKinds()) {
      for (let i = 0; i < 100; i++) {
        const raw = Buffer.alloc(Math.floor(rnd() * 120));
        for (let j = 0; j < raw.length; j++) raw[j] = Math.floor(rnd() * 256);
        onlyBadRequest(envelope(apiVersion, kind, raw));
      }
    }
  });
});

describe('kind catalogue', () => {
  it.each(supportedKinds())('$apiVersion $kind decodes an empty object', ({ apiVersion, kind }) => {
    expect(messageFor(apiVersion, kind)).toBeDefined();
    expect(decodeProtobufBody(envelope(apiVersion, kind, msg())).object).toEqual({ apiVersion, kind });
  });

  it('has no entry for prototype keys', () => {
    expect(messageFor('v1', 'constructor')).toBeUndefined();
    expect(messageFor('v1', '__proto__')).toBeUndefined();
  });
});
