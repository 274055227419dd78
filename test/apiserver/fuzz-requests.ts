// Seeded generator of bad API requests for the fuzz suite: every request it makes must be refused
// with a 4xx Status (each one carries at least one thing Kubernetes rejects), so "only 4xx, nothing
// stored" is the whole oracle. Same seed, same requests.

import { rng } from '../rng.js';

export interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  contentType?: string;
  body?: string | Uint8Array<ArrayBuffer>;
}

const ns = '/api/v1/namespaces/fuzz';
const cms = `${ns}/configmaps`;
const deps = '/apis/apps/v1/namespaces/fuzz/deployments';
const pods = `${ns}/pods`;

export const fixtures = {
  configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fx' }, data: { a: '1' } },
  deployment: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'fx', labels: { app: 'fx' } },
    spec: { replicas: 1, selector: { matchLabels: { app: 'fx' } }, template: { metadata: { labels: { app: 'fx' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  },
  pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fx' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
};

/** Where a value of the wrong type is always refused (schema type or name rules). */
const typedPaths: Record<string, { path: string; base: object; fields: string[][] }> = {
  configmaps: { path: cms, base: fixtures.configMap, fields: [['data'], ['metadata', 'labels'], ['metadata', 'annotations'], ['binaryData'], ['metadata']] },
  deployments: {
    path: deps,
    base: fixtures.deployment,
    fields: [['spec', 'replicas'], ['spec', 'selector'], ['spec', 'template', 'spec', 'containers'], ['spec', 'template', 'spec', 'containers', '0', 'image'], ['spec', 'strategy', 'type'], ['spec', 'template'], ['spec']],
  },
  pods: { path: pods, base: fixtures.pod, fields: [['spec', 'containers'], ['spec', 'containers', '0', 'ports'], ['spec', 'restartPolicy'], ['spec', 'nodeName'], ['spec', 'containers', '0', 'name'], ['metadata', 'labels']] },
};

type Gen = (r: () => number) => FuzzRequest;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const clone = <T>(o: T): T => structuredClone(o);

function setPath(o: Record<string, unknown>, path: string[], v: unknown): void {
  let cur: Record<string, unknown> = o;
  for (const k of path.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = v;
}

/** Values none of the typed fields accept (wrong type, or an invalid string for an enum/name field). */
function wrongValue(r: () => number, field: string[]): unknown {
  const last = field[field.length - 1]!;
  // Kubernetes takes any image string; nodeName strings are not checked yet (a DNS subdomain in
  // Kubernetes): only wrong types for those two.
  const anyString = ['image', 'nodeName'].includes(last);
  const enumOrName = ['type', 'restartPolicy', 'name'].includes(last);
  const candidates: unknown[] = anyString
    ? [12, true, [], {}, { a: 1 }, -1.5]
    : enumOrName
      ? [12, true, [], {}, { a: 1 }, 'x'.repeat(70_000), 'Not A Valid Value!', -1.5]
      : [12, 'x', true, ['a'], 'ünïcödé', -1, 1.5, 'x'.repeat(70_000)];
  if (last === 'replicas') return pick(r, ['x', -1, 1.5, true, [], {}, 2 ** 40]);
  if (last === 'labels' || last === 'annotations') return pick(r, [{ 'bad key!': 'v' }, { a: 'x'.repeat(300_000) }, { a: 1 }, ['a'], 'x']);
  if (last === 'data') return pick(r, [['a'], 'x', 7, { 'bad key!': 'v' }, { a: 1 }]);
  if (last === 'metadata') return pick(r, ['x', 7, [], { name: 'UPPER_case' }, { name: 'x'.repeat(300) }]);
  return pick(r, candidates);
}

const mutatedObject: Gen = (r) => {
  const [plural, spec] = pick(r, Object.entries(typedPaths));
  const obj = clone(spec.base) as Record<string, unknown>;
  const field = pick(r, spec.fields);
  setPath(obj, field, wrongValue(r, field));
  const name = `m${Math.floor(r() * 1e6)}`;
  (obj.metadata as Record<string, unknown> | undefined) ?? (obj.metadata = {});
  if (typeof obj.metadata === 'object' && obj.metadata !== null && !Array.isArray(obj.metadata) && (obj.metadata as Record<string, unknown>).name === 'fx') (obj.metadata as Record<string, unknown>).name = name;
  const update = r() < 0.3 && field.join('.') !== 'metadata';
  if (update && typeof obj.metadata === 'object' && obj.metadata !== null && !Array.isArray(obj.metadata)) (obj.metadata as Record<string, unknown>).name = 'fx';
  const yaml = r() < 0.2;
  return { kind: `mutated ${plural}${update ? ' update' : ''}`, method: update ? 'PUT' : 'POST', path: update ? `${spec.path}/fx` : spec.path, contentType: yaml ? 'application/yaml' : 'application/json', body: JSON.stringify(obj) };
};

const randomBytes: Gen = (r) => {
  const n = 1 + Math.floor(r() * 2048);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  if (r() < 0.3) b.set([0x6b, 0x38, 0x73, 0x00]);
  return { kind: 'random bytes', method: pick(r, ['POST', 'PUT', 'PATCH']), path: pick(r, [cms, `${cms}/fx`, deps, `${deps}/fx`, `${pods}/fx/status`]), contentType: pick(r, ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml']), body: b };
};

const invalidUtf8: Gen = (r) => {
  const bad = [0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80].slice(0, 1 + Math.floor(r() * 7));
  const body = new Uint8Array([...Buffer.from('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"'), ...bad, ...Buffer.from('"}}')]);
  return { kind: 'invalid UTF-8', method: 'POST', path: cms, contentType: pick(r, ['application/json', 'application/yaml']), body };
};

const deepNesting: Gen = (r) => {
  const d = pick(r, [201, 1000, 5000, 50_000]);
  const shapes = ['['.repeat(d) + ']'.repeat(d), '{"a":'.repeat(d) + '1' + '}'.repeat(d), `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"data":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}`, '- '.repeat(d) + 'x', Array.from({ length: Math.min(d, 1200) }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x'];
  const i = Math.floor(r() * shapes.length);
  const path = pick(r, [cms, `${cms}?fieldSelector=a%3D%3D%3Db`, `${cms}/fx`]);
  return { kind: 'deep nesting', method: path.endsWith('/fx') ? pick(r, ['PUT', 'PATCH']) : 'POST', path, contentType: i >= 3 ? 'application/yaml' : pick(r, ['application/json', 'application/merge-patch+json']), body: shapes[i] };
};

const hugeMeta: Gen = (r) => {
  const obj = clone(fixtures.configMap) as { metadata: Record<string, unknown> };
  obj.metadata.name = `h${Math.floor(r() * 1e6)}`;
  const big = 'v'.repeat(pick(r, [64, 300, 70_000, 300_000]));
  if (r() < 0.5) obj.metadata.labels = { [pick(r, ['a', 'x'.repeat(64), 'a/b/c', '-a'])]: big.length > 63 ? big : 'bad value!' };
  else obj.metadata.annotations = { a: 'x'.repeat(262_145) };
  return { kind: 'huge labels/annotations', method: 'POST', path: cms, contentType: 'application/json', body: JSON.stringify(obj) };
};

const yamlAnchors: Gen = (r) => {
  const levels = 4 + Math.floor(r() * 6);
  const lines = ['apiVersion: v1', 'kind: ConfigMap', `metadata: {name: y${Math.floor(r() * 1e6)}}`, 'l0: &l0 ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(',')}]`);
  if (r() < 0.3) lines.push('data: *undefinedanchor');
  return { kind: 'YAML anchors', method: 'POST', path: cms, contentType: 'application/yaml', body: lines.join('\n') + '\n' };
};

const badPatch: Gen = (r) => {
  // The status subresource keeps the live spec and metadata (a no-op, not an error): target the object.
  const target = `${deps}/fx`;
  const options: [string, string][] = [
    ['application/json-patch+json', pick(r, ['{}', '[{"op":"explode","path":"/a"}]', '[{"op":"add","path":"metadata/x","value":1}]', '[{"op":"remove","path":"/spec/nope/0"}]', '[{"op":"replace","path":"/metadata/name","value":7}]', '[{"op":"test","path":"/metadata/name","value":"other"}]', '[{"op":"move","from":"/x","path":"/y"}]', '[1,2,3]', '[{"op":"add"}]', '[{"op":"copy","from":"/metadata","path":"/metadata/labels/x"}]'])],
    ['application/merge-patch+json', pick(r, ['[]', '"x"', '7', '{"metadata":{"name":"renamed"}}', '{"spec":{"replicas":"many"}}', '{"metadata":"x"}', '{"spec":{"template":{"spec":{"containers":null}}}}'])],
    ['application/strategic-merge-patch+json', pick(r, ['[]', '{"$patch":"explode"}', '{"spec":{"template":{"spec":{"containers":[{"$patch":"delete"}]}}}}', '{"spec":{"template":{"spec":{"containers":"x"}}}}', '{"metadata":{"$retainKeys":"x"}}', '{"spec":{"template":{"spec":{"$setElementOrder/containers":7}}}}', '{"spec":{"replicas":-5}}'])],
    ['application/apply-patch+yaml', pick(r, ['just a string', '- a\n- b', 'apiVersion: v1\nkind: Secret\nmetadata: {name: fx}', 'metadata: {name: other}\nkind: ConfigMap\napiVersion: v1', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fx"},"data":{"a":1}}', ':\n  - ]['])],
  ];
  const [type, body] = pick(r, options);
  const manager = type === 'application/apply-patch+yaml' && r() < 0.8 ? '?fieldManager=fuzz' : '';
  return { kind: `malformed ${type}`, method: 'PATCH', path: target + manager, contentType: type, body };
};

const badQuery: Gen = (r) => {
  const q = pick(r, [
    'limit=abc', 'limit=1.5', 'continue=zzz', 'continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6LTEsInN0YXJ0IjoiLi4vLi4ifQ', 'fieldSelector=a%3D%3D%3Db',
    'fieldSelector=spec.nope%3Dx', 'labelSelector=a%20in%20(', 'labelSelector=%21%21', 'labelSelector=a%3D' + 'b'.repeat(100), 'resourceVersionMatch=Sometimes&resourceVersion=1',
    'resourceVersionMatch=Exact', 'timeoutSeconds=abc&watch=1', 'watch=1&resourceVersion=-5', 'watch=1&resourceVersion=1e9', 'watch=true&resourceVersion=abc&allowWatchBookmarks=true',
    'resourceVersion=18446744073709551616', 'resourceVersion=%00',
  ]);
  return { kind: 'bad query', method: 'GET', path: `${pick(r, [cms, deps, pods, '/api/v1/nodes'])}?${q}`, contentType: undefined };
};

const badWrites: Gen = (r) => {
  const q = pick(r, ['dryRun=Some', 'fieldValidation=Loose', 'fieldManager=' + 'm'.repeat(200), 'propagationPolicy=Sideways', 'gracePeriodSeconds=abc']);
  const method = q.startsWith('propagation') || q.startsWith('grace') ? 'DELETE' : pick(r, ['POST', 'PUT']);
  return { kind: 'bad write options', method, path: `${method === 'POST' ? cms : `${cms}/fx`}?${q}`, contentType: 'application/json', body: JSON.stringify({ ...fixtures.configMap, metadata: { name: method === 'POST' ? 'opt' : 'fx' } }) };
};

const unknownSubresource: Gen = (r) => {
  const sub = pick(r, ['foo', 'statuss', 'scale/x', 'status/extra', 'log', 'exec', 'binding', 'eviction', 'token', 'finalize']);
  return { kind: 'unknown subresource', method: pick(r, ['GET', 'POST', 'PUT', 'PATCH']), path: `${pick(r, [`${cms}/fx`, `${deps}/fx`, `${ns}/secrets/fx`])}/${sub}`, contentType: 'application/json', body: '{}' };
};

const absurdVersions: Gen = (r) => {
  const rv = pick(r, ['-1', 'abc', '1.5', '99999999999999999999', '0x10', ' 1', '']);
  const obj = { ...fixtures.configMap, metadata: { name: 'fx', resourceVersion: rv || '1' } };
  return pick(r, [
    { kind: 'absurd rv on get', method: 'GET', path: `${cms}/fx?resourceVersion=${encodeURIComponent(rv || 'x')}` },
    { kind: 'absurd rv on update', method: 'PUT', path: `${cms}/fx`, contentType: 'application/json', body: JSON.stringify(obj) },
    { kind: 'absurd rv on delete precondition', method: 'DELETE', path: `${cms}/fx`, contentType: 'application/json', body: JSON.stringify({ preconditions: { resourceVersion: rv || 'x' } }) },
    { kind: 'absurd rv on watch', method: 'GET', path: `${cms}?watch=1&resourceVersion=${encodeURIComponent(rv || 'y')}` },
  ]);
};

const wrongVerbs: Gen = (r) => ({ kind: 'wrong verb', method: pick(r, ['PUT', 'PATCH']), path: pick(r, [cms, deps, '/api/v1/namespaces', '/api/v1/configmaps']), contentType: 'application/merge-patch+json', body: '{}' });

export const generators: [string, Gen][] = [
  ['mutated', mutatedObject], ['bytes', randomBytes], ['utf8', invalidUtf8], ['deep', deepNesting], ['huge', hugeMeta], ['anchors', yamlAnchors],
  ['patch', badPatch], ['query', badQuery], ['writes', badWrites], ['subresource', unknownSubresource], ['rv', absurdVersions], ['verbs', wrongVerbs],
];

export function* fuzzRequests(seed: number, count: number): Generator<FuzzRequest> {
  const r = rng(seed);
  for (let i = 0; i < count; i++) yield pick(r, generators)[1](r);
}
