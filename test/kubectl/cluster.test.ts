// Golden: commands that need a running cluster (hollow kubelets on the fake runtime, the scheduler
// and the controller-manager): describe, rollout, events, explain, jsonpath, config, cluster-info,
// auth can-i, wait, set image, cordon/uncordon — the real kubectl and ours on the same state,
// AGE-like cells masked. Write steps run in namespaces "theirs" and "mine" and are compared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster, etcdAvailable, etcdSkipReason, kubectlAvailable, kubectlSkipReason, until } from '../controllers/cluster.js';
import type { KubectlResult } from '../envtest.js';
import { both, maskAges, ours } from './golden.js';

const APP = (ns: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports: [{containerPort: 80, name: http}]
        env: [{name: MODE, value: prod}, {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
        volumeMounts: [{name: cache, mountPath: /cache}]
      volumes: [{name: cache, emptyDir: {}}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`;

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`cluster commands: ours vs the real kubectl${etcdSkipReason}${kubectlSkipReason}`, () => {
  let c: TestCluster;
  const kubectl = (args: string[], input?: string): Promise<KubectlResult> => c.env.kubectl(args, { input });
  beforeAll(async () => {
    c = await TestCluster.start({ nodeGroups: { hollow: 2 } });
    for (const ns of ['theirs', 'mine']) {
      const r = await kubectl(['create', 'namespace', ns]);
      if (r.code !== 0) throw new Error(r.stderr);
    }
    const r = await kubectl(['apply', '-f', '-'], APP('default'));
    if (r.code !== 0) throw new Error(r.stderr);
    const done = await kubectl(['rollout', 'status', 'deploy/web', '--timeout=90s']);
    if (done.code !== 0) throw new Error(done.stderr);
  });
  afterAll(async () => {
    await c?.stop();
  });

  const same = async (args: string[]): Promise<void> => {
    const { theirs, mine } = await both(c.env, args);
    expect({ args, stdout: mine.stdout, stderr: mine.stderr, code: mine.code }).toEqual({ args, stdout: theirs.stdout, stderr: theirs.stderr, code: theirs.code });
  };

  it.each([
    ['describe a deployment with its replica sets', ['describe', 'deploy', 'web']],
    ['describe pods by label', ['describe', 'pods', '-l', 'app=web']],
    ['describe a service with endpoints', ['describe', 'svc/web']],
    ['describe the kubernetes service', ['describe', 'service', 'kubernetes']],
    ['describe a node with allocated resources', ['describe', 'node', 'hollow-0']],
    ['describe a missing pod', ['describe', 'pod', 'nope']],
    ['rollout status of a finished rollout', ['rollout', 'status', 'deploy/web']],
    ['rollout history', ['rollout', 'history', 'deployment/web']],
    ['rollout history of one revision', ['rollout', 'history', 'deployment/web', '--revision=1']],
    ['get pods wide', ['get', 'pods', '-o', 'wide']],
    ['get nodes wide', ['get', 'nodes', '-o', 'wide']],
    ['get -o jsonpath', ['get', 'pods', '-o', 'jsonpath={.items[*].spec.nodeName}']],
    ['get -o jsonpath range', ['get', 'deploy', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.readyReplicas}{"\\n"}{end}']],
    ['get one -o jsonpath filter', ['get', 'deploy', 'web', '-o', 'jsonpath={.status.conditions[?(@.type=="Available")].status}']],
    ['events', ['events']],
    ['events for an object', ['events', '--for', 'deployment/web']],
    ['explain a kind', ['explain', 'pods']],
    ['explain a field with fields', ['explain', 'deployment.spec.strategy']],
    ['explain a list field', ['explain', 'pod.spec.containers.ports']],
    ['explain an enum leaf', ['explain', 'pod.spec.restartPolicy']],
    ['explain a missing field', ['explain', 'pod.spec.nope']],
    ['config get-contexts', ['config', 'get-contexts']],
    ['config view', ['config', 'view']],
    ['config view --minify -o json', ['config', 'view', '--minify', '-o', 'json']],
    ['config current-context', ['config', 'current-context']],
    ['cluster-info', ['cluster-info']],
    ['wait for a condition', ['wait', '--for=condition=Available', 'deployment/web', '--timeout=20s']],
    ['wait for a jsonpath value', ['wait', '--for=jsonpath={.status.readyReplicas}=2', 'deploy/web']],
  ])('%s', async (_n, args) => {
    await same(args);
  });

  it('auth can-i answers like kubectl (when the server serves SelfSubjectAccessReview)', async (ctx) => {
    const r = await ours(c.env, ['api-resources', '--api-group=authorization.k8s.io', '-o', 'name']);
    if (!r.stdout.includes('selfsubjectaccessreviews')) return ctx.skip();
    for (const args of [['auth', 'can-i', 'get', 'pods'], ['auth', 'can-i', 'create', 'deployments.apps', '-A'], ['auth', 'can-i', 'delete', 'nodes/hollow-0'], ['auth', 'can-i', 'get', '/healthz']]) await same(args);
  });

  const run = async (who: 'theirs' | 'mine', args: string[]): Promise<KubectlResult> => {
    const full = [...args, '-n', who];
    const r = who === 'theirs' ? await kubectl(full) : await ours(c.env, full);
    // the two namespaces' objects differ in creation time and generated names only
    const norm = (s: string): string => maskAges(s.replaceAll(who, 'NS')).replace(/-[0-9a-f]{8,10}\b/g, '-HASH').replace(/\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}/g, 'TIME')
      // rollout restart stamps each namespace's template with its own moment (restartedAt)
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)/g, 'RFC3339');
    return { code: r.code, stdout: norm(r.stdout), stderr: norm(r.stderr) };
  };

  it('rollout, set image, wait and describe step by step in two namespaces', async () => {
    for (const ns of ['theirs', 'mine']) {
      const r = await kubectl(['apply', '-f', '-'], APP(ns));
      expect(r.code).toBe(0);
    }
    const steps: string[][] = [
      ['rollout', 'status', 'deploy/web', '--timeout=90s'],
      ['set', 'image', 'deploy/web', 'nginx=nginx:1.26'],
      ['rollout', 'status', 'deploy/web', '--timeout=90s'],
      ['set', 'image', 'deploy/web', 'nope=x'],
      ['rollout', 'history', 'deploy/web'],
      ['rollout', 'pause', 'deploy/web'],
      ['rollout', 'pause', 'deploy/web'],
      ['rollout', 'resume', 'deploy/web'],
      ['rollout', 'undo', 'deploy/web'],
      ['rollout', 'status', 'deploy/web', '--timeout=90s'],
      ['rollout', 'history', 'deploy/web'],
      ['rollout', 'undo', 'deploy/web', '--to-revision=9'],
      ['rollout', 'restart', 'deploy/web'],
      ['rollout', 'status', 'deploy/web', '--timeout=90s'],
      ['wait', '--for=condition=Progressing', 'deploy/web'],
      ['describe', 'deploy', 'web'],
    ];
    for (const args of steps) {
      const theirs = await run('theirs', args);
      const mine = await run('mine', args);
      // rollout status prints a progress line per watch event: compare the outcome (last line)
      const last = (r: KubectlResult): KubectlResult => (args[1] === 'status' ? { ...r, stdout: r.stdout.trim().split('\n').pop() ?? '' } : r);
      // describe's event list depends on timing of the two rollouts: compare everything above it
      const head = (r: KubectlResult): KubectlResult => (args[0] === 'describe' ? { ...r, stdout: r.stdout.split('\nEvents:')[0] } : r);
      expect({ args, ...head(last(mine)) }).toEqual({ args, ...head(last(theirs)) });
    }
  });

  it('cordon and uncordon print like kubectl', async () => {
    for (const args of [['cordon', 'hollow-1'], ['cordon', 'hollow-1'], ['uncordon', 'hollow-1'], ['uncordon', 'hollow-1']]) {
      const theirs = await kubectl(args);
      // undo the real kubectl's change so ours sees the same state
      if (args[0] === 'cordon' && theirs.stdout.endsWith(' cordoned\n') && !theirs.stdout.includes('already')) await kubectl(['uncordon', 'hollow-1']);
      if (args[0] === 'uncordon' && !theirs.stdout.includes('already')) await kubectl(['cordon', 'hollow-1']);
      const mine = await ours(c.env, args);
      expect({ args, ...mine }).toEqual({ args, ...theirs });
    }
  });

  it('edit with $KUBE_EDITOR patches the object, or cancels when nothing changed', async () => {
    for (const ns of ['theirs', 'mine']) {
      const r = await kubectl(['create', 'configmap', 'edited', '-n', ns, '--from-literal=a=1']);
      expect(r.code).toBe(0);
    }
    for (const editor of [`sed -i 's/a: "1"/a: "2"/'`, 'true']) {
      const args = ['edit', 'configmap', 'edited'];
      const t = await runWithEditor('theirs', args, editor);
      const m = await runWithEditor('mine', args, editor);
      expect({ editor, ...m }).toEqual({ editor, ...t });
    }
    const data = async (ns: string): Promise<unknown> => ((await (await fetch(`${c.env.url}/api/v1/namespaces/${ns}/configmaps/edited`)).json()) as { data: unknown }).data;
    expect(await data('mine')).toEqual({ a: '2' });
    expect(await data('theirs')).toEqual({ a: '2' });
  });

  const runWithEditor = async (who: 'theirs' | 'mine', args: string[], editor: string): Promise<KubectlResult> => {
    const full = [...args, '-n', who];
    if (who === 'mine') return ours(c.env, full, '', { KUBE_EDITOR: editor });
    const { spawn } = await import('node:child_process');
    const { join } = await import('node:path');
    return new Promise((resolve) => {
      const child = spawn('kubectl', full, { env: { ...process.env, KUBECONFIG: c.env.kubeconfigPath, KUBECACHEDIR: join(c.env.dir, 'cache'), HOME: c.env.dir, KUBE_EDITOR: editor }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  };

  it('drain refuses unmanaged pods like kubectl, then evicts with --force', async () => {
    await kubectl(['run', 'bare', '--image=busybox', '--overrides={"spec":{"nodeName":"hollow-0"}}']);
    await until('bare running', async () => ((await kubectl(['get', 'pod', 'bare', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running' ? true : undefined));
    const theirs = await kubectl(['drain', 'hollow-0']);
    await kubectl(['uncordon', 'hollow-0']);
    const mine = await ours(c.env, ['drain', 'hollow-0']);
    // kubectl groups the refusals in a Go map, so their order changes from run to run: compare them
    // as a set (the bracketed list and the lines after it).
    const refusals = (r: KubectlResult): KubectlResult => {
      const inBrackets = /\[(cannot delete .*)\], continuing/.exec(r.stderr)?.[1];
      const groups = inBrackets ? inBrackets.split(/, (?=cannot delete )/).sort().join(' | ') : '';
      const lines = r.stderr.replace(/\[cannot delete .*\], continuing/, '[…], continuing').split('\n').sort();
      return { ...r, stderr: `${groups}\n${lines.join('\n')}` };
    };
    expect(refusals(mine)).toEqual(refusals(theirs));
    await kubectl(['uncordon', 'hollow-0']);
    const forced = await ours(c.env, ['drain', 'hollow-0', '--force', '--delete-emptydir-data', '--timeout=60s']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toBe('Warning: deleting Pods that declare no controller: default/bare\n');
    const lines = forced.stdout.trim().split('\n');
    expect(lines[0]).toBe('node/hollow-0 cordoned');
    expect(lines).toContain('evicting pod default/bare');
    expect(lines).toContain('pod/bare evicted');
    expect(lines[lines.length - 1]).toBe('node/hollow-0 drained');
    const left = await kubectl(['get', 'pods', '-A', '--field-selector', 'spec.nodeName=hollow-0', '-o', 'name']);
    expect(left.stdout).toBe('');
    await kubectl(['uncordon', 'hollow-0']);
  });

  it('wait --for=delete returns once the object is gone', async () => {
    await kubectl(['create', 'configmap', 'doomed']);
    const waiting = ours(c.env, ['wait', '--for=delete', 'configmap/doomed', '--timeout=30s']);
    await kubectl(['delete', 'configmap', 'doomed']);
    expect(await waiting).toEqual({ code: 0, stdout: 'configmap/doomed condition met\n', stderr: '' });
    expect(await ours(c.env, ['wait', '--for=condition=Ready', 'pod/nope'])).toEqual(await kubectl(['wait', '--for=condition=Ready', 'pod/nope']));
  });
});
