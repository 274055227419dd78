// Fuzz every creatable kind in the catalogue (issues 13 and 22): objects whose spec, status and other
// fields hold values of random types and shapes, POSTed and PUT. Each module's defaulting and semantic
// validation runs beside the schema's on such objects, so a module that trusts a field's type would answer
// 500 (or take the server down); every answer must be below 500, and the server must stay ready.
// FUZZ_SEED / FUZZ_KIND_COUNT (objects per kind, default 6) reproduce or lengthen a run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resources } from '../../apiserver/registry/resources.js';
import { startEnvtest, etcdAvailable, etcdSkipReason, type TestApiServer } from '../envtest.js';
import { rng } from '../rng.js';

const seed = Number(process.env.FUZZ_SEED ?? 13);
const perKind = Number(process.env.FUZZ_KIND_COUNT ?? 6);

// Where the modules look: top-level fields of the kinds, and the spec fields they validate.
const fields = [
  'spec', 'status', 'data', 'rules', 'webhooks', 'subsets', 'roleRef', 'subjects', 'template', 'provisioner', 'handler', 'value',
  'type', 'regarding', 'note', 'reason', 'series', 'target', 'driver', 'nodeTopology', 'capacity', 'parameters', 'allowedTopologies',
  'scheduling', 'overhead', 'spec.template', 'spec.template.spec', 'spec.jobTemplate', 'spec.schedule', 'spec.selector', 'spec.rules',
  'spec.versions', 'spec.names', 'spec.metrics', 'spec.hard', 'spec.limits', 'spec.ports', 'spec.ingress', 'spec.egress',
  'spec.volumeClaimTemplates', 'spec.updateStrategy', 'spec.timeZone', 'spec.minAvailable', 'spec.maxUnavailable', 'spec.scaleTargetRef',
  'spec.behavior', 'spec.accessModes', 'spec.resources', 'spec.capacity', 'spec.claimRef', 'spec.distinguisherMethod',
  'spec.priorityLevelConfiguration', 'spec.limited', 'spec.type', 'spec.matchConstraints', 'spec.validations', 'spec.paramRef',
  'spec.policyName', 'spec.conversion', 'spec.group', 'spec.service', 'spec.tls', 'spec.defaultBackend', 'spec.podSelector',
  'spec.source', 'spec.attacher', 'spec.drivers', 'metadata.annotations',
];

function junk(r: () => number, depth: number): unknown {
  const leaves = [1, 'x', null, true, -5, 1.5, '', {}, []];
  if (depth > 3) return leaves[Math.floor(r() * leaves.length)];
  const makers = [
    () => 'x', () => -1, () => null, () => true, () => 1e300, () => ({}), () => [{}],
    () => [junk(r, depth + 1), junk(r, depth + 1)],
    () => ({ a: junk(r, depth + 1), name: junk(r, depth + 1) }),
  ];
  return makers[Math.floor(r() * makers.length)]!();
}

function mutated(r: () => number, apiVersion: string, kind: string, name: string): Record<string, unknown> {
  const o: Record<string, unknown> = { apiVersion, kind, metadata: { name } };
  for (let j = 0; j < 3; j++) {
    const path = fields[Math.floor(r() * fields.length)]!.split('.');
    let cur = o;
    for (const p of path.slice(0, -1)) {
      if (typeof cur[p] !== 'object' || cur[p] === null || Array.isArray(cur[p])) cur[p] = {};
      cur = cur[p] as Record<string, unknown>;
    }
    cur[path[path.length - 1]!] = junk(r, 0);
  }
  return o;
}

describe.skipIf(!etcdAvailable)(`fuzz: ${perKind} junk objects per kind, seed ${seed}${etcdSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('answers every create and update below 500 and stays ready', async () => {
    const r = rng(seed);
    const failures: string[] = [];
    let sent = 0;
    for (const info of resources.filter((i) => i.verbs.includes('create'))) {
      const gv = info.group ? `${info.group}/${info.version}` : info.version;
      const url = `${env.url}/${info.group ? 'apis' : 'api'}/${gv}${info.namespaced ? '/namespaces/default' : ''}/${info.plural}`;
      for (let i = 0; i < perKind; i++) {
        const name = `f${i}.fuzz.k8ts`;
        const body = JSON.stringify(mutated(r, gv, info.kind, name));
        for (const [method, target] of [['POST', url], ['PUT', `${url}/${name}`]] as const) {
          sent++;
          const res = await fetch(target, { method, headers: { 'content-type': 'application/json' }, body });
          const text = await res.text();
          if (res.status >= 500) failures.push(`${method} ${info.plural} → ${res.status}: ${body.slice(0, 300)} → ${text.slice(0, 300)}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(50 * perKind);
    expect(failures).toEqual([]);
    expect((await fetch(`${env.url}/readyz`)).status).toBe(200);
  }, 300_000);
});
