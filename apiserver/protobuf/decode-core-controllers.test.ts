// ReplicationController and PodTemplate bodies as client-go's protobuf encoder writes them
// (core/v1 generated.proto numbers; zero-valued pointers are sent and kept).

import { describe, expect, it } from 'vitest';
import { envelope, int32, mapStr, msg, str, sub } from './encode-for-tests.js';
import { decodeProtobufBody, messageFor } from './index.js';

const meta = (name: string) => sub(1, str(1, name));
const template = (n: number) => sub(n, sub(1, mapStr(11, 'app', 'web')), sub(2, sub(2, str(1, 'c'), str(2, 'nginx'))));
const templateJson = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };

describe('decodeProtobufBody: ReplicationController, PodTemplate', () => {
  it('knows both kinds in v1', () => {
    expect(messageFor('v1', 'ReplicationController')).toBe('ReplicationController');
    expect(messageFor('v1', 'PodTemplate')).toBe('PodTemplate');
  });

  it('decodes a replication controller spec: replicas 0 kept, the selector map, the template', () => {
    const raw = msg(meta('web'), sub(2, int32(1, 0), mapStr(2, 'app', 'web'), template(3), int32(4, 5)));
    expect(decodeProtobufBody(envelope('v1', 'ReplicationController', raw)).object).toEqual({
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'web' },
      spec: { replicas: 0, selector: { app: 'web' }, template: templateJson, minReadySeconds: 5 },
    });
  });

  it('decodes a pod template', () => {
    expect(decodeProtobufBody(envelope('v1', 'PodTemplate', msg(meta('t'), template(2)))).object).toEqual({
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 't' },
      template: templateJson,
    });
  });
});
