// Golden: write commands run step by step with the real kubectl (namespace "theirs") and with ours
// (namespace "mine") on one cluster — apply created/unchanged/configured, create -f, scale, label,
// annotate, delete (--force, --cascade, --grace-period) — comparing messages, errors, exit codes and the resulting objects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import type { KubectlResult } from '../envtest.js';
import { ours } from './golden.js';

const deployment = (replicas: number, image: string, labels: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {${labels}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports: [{containerPort: 80}]
        env: [{name: A, value: "1"}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, labels: {kind: cfg}}\ndata: {a: "1"}\n';

interface Step {
  name: string;
  args: string[];
  input?: string;
}

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`write commands: ours vs the real kubectl${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  let files: Record<string, string>;
  beforeAll(async () => {
    env = await startEnvtest();
    for (const ns of ['theirs', 'mine']) {
      const r = await env.kubectl(['create', 'namespace', ns]);
      if (r.code !== 0) throw new Error(r.stderr);
    }
    const dir = join(env.dir, 'manifests');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    files = { v1: join(env.dir, 'v1.yaml'), v2: join(env.dir, 'v2.yaml'), dir, cm: join(dir, 'nested', 'cm.yaml') };
    writeFileSync(files.v1, deployment(2, 'nginx:1.25', 'app: web, team: a'));
    writeFileSync(files.v2, deployment(3, 'nginx:1.27', 'app: web'));
    writeFileSync(files.cm, CONFIGMAP);
    writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
  });
  afterAll(async () => {
    await env?.stop();
  });

  const run = async (who: 'theirs' | 'mine', step: Step): Promise<KubectlResult> => {
    const args = [...step.args, '-n', who];
    const r = who === 'theirs' ? await env.kubectl(args, { input: step.input }) : await ours(env, args, step.input);
    return { ...r, stdout: r.stdout.replaceAll(who, 'NS'), stderr: r.stderr.replaceAll(who, 'NS') };
  };

  const steps = (): Step[] => [
    { name: 'apply creates', args: ['apply', '-f', files.v1] },
    { name: 'apply again is unchanged', args: ['apply', '-f', files.v1] },
    { name: 'apply changed is configured', args: ['apply', '-f', files.v2] },
    { name: 'apply from stdin unchanged', args: ['apply', '-f', '-'], input: deployment(3, 'nginx:1.27', 'app: web') },
    { name: 'apply a directory (no -R) finds nothing to apply', args: ['apply', '-f', files.dir] },
    { name: 'apply a directory -R', args: ['apply', '-R', '-f', files.dir] },
    { name: 'create -f an existing object', args: ['create', '-f', files.cm] },
    { name: 'create -f', args: ['create', '-f', '-'], input: CONFIGMAP.replace('name: cfg', 'name: cfg2') },
    { name: 'scale', args: ['scale', 'deploy', 'web', '--replicas=5'] },
    { name: 'scale type/name', args: ['scale', 'deployment.apps/web', '--replicas', '4'] },
    { name: 're-apply after a live change is configured', args: ['apply', '-f', files.v2] },
    { name: 'apply dropping fields', args: ['apply', '-f', '-'], input: deployment(3, 'nginx:1.27', 'app: web, extra: yes-please').replace('        ports: [{containerPort: 80}]\n        env: [{name: A, value: "1"}]\n', '') },
    { name: 'apply into another namespace than -n', args: ['apply', '-f', '-'], input: CONFIGMAP.replace('name: cfg,', 'name: cfg, namespace: default,') },
    { name: 'apply an invalid object', args: ['apply', '-f', '-'], input: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad}\nspec:\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}, spec: {containers: []}}\n' },
    { name: 'create an invalid object', args: ['create', '-f', '-'], input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n' },
    { name: 'apply an unknown kind', args: ['apply', '-f', '-'], input: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n' },
    { name: 'scale missing', args: ['scale', 'deploy', 'nope', '--replicas=1'] },
    { name: 'label', args: ['label', 'deploy', 'web', 'tier=front'] },
    { name: 'label same value', args: ['label', 'deploy/web', 'tier=front'] },
    { name: 'label conflict', args: ['label', 'deploy', 'web', 'tier=back'] },
    { name: 'label overwrite', args: ['label', 'deploy', 'web', 'tier=back', '--overwrite'] },
    { name: 'label remove', args: ['label', 'deploy', 'web', 'tier-'] },
    { name: 'annotate', args: ['annotate', 'svc', 'web', 'note=hello'] },
    { name: 'get after writes', args: ['get', 'deploy', 'web', '-o', 'name'] },
    { name: 'create -f another', args: ['create', '-f', '-'], input: CONFIGMAP.replace('name: cfg', 'name: cfg3') },
    { name: 'delete --force', args: ['delete', 'configmap', 'cfg3', '--force'] },
    { name: 'delete with a bad --cascade', args: ['delete', 'configmap', 'cfg2', '--cascade=sideways'] },
    { name: 'delete by name', args: ['delete', 'configmap', 'cfg2', '--cascade=background', '--grace-period=5'] },
    { name: 'delete missing', args: ['delete', 'deploy', 'nope'] },
    { name: 'delete -l', args: ['delete', 'cm', '-l', 'kind=cfg'] },
    { name: 'delete -l nothing', args: ['delete', 'cm', '-l', 'kind=cfg'] },
    { name: 'delete --all', args: ['delete', 'svc', '--all'] },
    { name: 'delete -f', args: ['delete', '-f', files.v2] },
  ];

  it('gives the same output, step by step', async () => {
    for (const step of steps()) {
      const theirs = await run('theirs', step);
      const mine = await run('mine', step);
      expect({ step: step.name, ...mine }).toEqual({ step: step.name, ...theirs });
      if (/configured|dropping|label remove/.test(step.name)) await sameObjects(env);
    }
  });

  it.each([
    ['waits until a finalizer is removed', [], true],
    ['returns at once with --wait=false', ['--wait=false'], false],
  ])('delete %s', async (_n, extra, waits) => {
    const name = `held-${waits ? 'a' : 'b'}`;
    const base = `${env.url}/api/v1/namespaces/mine/configmaps`;
    const created = await fetch(base, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ metadata: { name, finalizers: ['example.com/hold'] } }) });
    expect(created.status).toBe(201);
    let settled = false;
    const done = ours(env, ['delete', 'cm', name, '-n', 'mine', ...extra]).then((r) => {
      settled = true;
      return r;
    });
    if (waits) {
      // Once the object carries a deletionTimestamp the DELETE has happened; it still exists, so delete must still be waiting.
      for (;;) {
        const o = (await (await fetch(`${base}/${name}`)).json()) as { metadata: { deletionTimestamp?: string } };
        if (o.metadata.deletionTimestamp) break;
      }
      expect(settled).toBe(false);
    } else {
      expect(await done).toEqual({ code: 0, stdout: `configmap "${name}" deleted\n`, stderr: '' });
    }
    const patched = await fetch(`${base}/${name}`, { method: 'PATCH', headers: { 'Content-Type': 'application/merge-patch+json' }, body: JSON.stringify({ metadata: { finalizers: null } }) });
    expect(patched.status).toBe(200);
    expect(await done).toEqual({ code: 0, stdout: `configmap "${name}" deleted\n`, stderr: '' });
  });
});

/** The Deployments in both namespaces agree on spec, labels and the last-applied annotation. */
async function sameObjects(env: TestApiServer): Promise<void> {
  const read = async (ns: string): Promise<unknown> => {
    const r = await fetch(`${env.url}/apis/apps/v1/namespaces/${ns}/deployments/web`);
    const d = JSON.parse((await r.text()).replaceAll(ns, 'NS')) as { metadata: { labels: unknown; annotations: unknown; generation: number }; spec: unknown };
    return { labels: d.metadata.labels, annotations: d.metadata.annotations, generation: d.metadata.generation, spec: d.spec };
  };
  expect(await read('mine')).toEqual(await read('theirs'));
}
