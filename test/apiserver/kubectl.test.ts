// The real kubectl against our API server (real etcd): apply / re-apply / server-side apply, get in
// all its forms, watch, describe, delete, discovery, explain, the protobuf-bodied create commands,
// label / annotate / scale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../../cluster/common/paths.js';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';

const manifest = (name: string): string => join(repoRoot(), 'manifests', name);

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`real kubectl against the API server${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
  });
  afterAll(async () => {
    await env?.stop();
  });

  const ok = async (args: string[], input?: string): Promise<string> => {
    const r = await env.kubectl(args, { input });
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  };

  it('applies a Deployment, re-applies it changed (generation 2), and reports unchanged', async () => {
    expect(await ok(['apply', '-f', manifest('nginx-deployment.yaml')])).toBe('deployment.apps/web created\n');
    const original = readFileSync(manifest('nginx-deployment.yaml'), 'utf8');
    const changed = original.replace('replicas: 2', 'replicas: 3').replace('nginx:1.25', 'nginx:1.27');
    expect(await ok(['apply', '-f', '-'], changed)).toBe('deployment.apps/web configured\n');
    const d = JSON.parse(await ok(['get', 'deployment', 'web', '-o', 'json'])) as { metadata: { generation: number; annotations: Record<string, string> }; spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } };
    expect(d.metadata.generation).toBe(2);
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('nginx:1.27');
    expect(await ok(['apply', '-f', '-'], changed)).toBe('deployment.apps/web unchanged\n');
  });

  it('prints server-side tables for get, -o wide and several types', async () => {
    const out = await ok(['get', 'deploy,pods', '-o', 'wide']);
    expect(out).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR/m);
    expect(out).toMatch(/^deployment\.apps\/web\s+0\/3\s+0\s+0\s+\S+\s+nginx\s+nginx:1\.27\s+app=web/m);
    const all = await ok(['get', 'svc', '-A']);
    expect(all).toMatch(/^default\s+kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP/m);
  });

  it('gets YAML with defaults applied', async () => {
    const d = parse(await ok(['get', 'deploy', 'web', '-o', 'yaml'])) as { spec: { strategy: { type: string; rollingUpdate: { maxSurge: string } }; revisionHistoryLimit: number; progressDeadlineSeconds: number; template: { spec: { restartPolicy: string; dnsPolicy: string; containers: { imagePullPolicy: string; ports: { protocol: string }[] }[] } } } };
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    expect(d.spec.template.spec.restartPolicy).toBe('Always');
    expect(d.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
    expect(d.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(d.spec.template.spec.containers[0].ports[0].protocol).toBe('TCP');
  });

  it('applies server-side and records the field manager', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n';
    expect(await ok(['apply', '--server-side', '-f', '-'], cm)).toBe('configmap/ssa serverside-applied\n');
    expect(await ok(['apply', '--server-side', '-f', '-'], cm.replace('"1"', '"2"'))).toBe('configmap/ssa serverside-applied\n');
    const got = JSON.parse(await ok(['get', 'cm', 'ssa', '-o', 'json', '--show-managed-fields'])) as { data: Record<string, string>; metadata: { managedFields: { manager: string; operation: string }[] } };
    expect(got.data).toEqual({ a: '2' });
    expect(got.metadata.managedFields.some((m) => m.manager === 'kubectl' && m.operation === 'Apply')).toBe(true);
  });

  it('creates configmaps, secrets, namespaces and deployments with protobuf bodies', async () => {
    expect(await ok(['create', 'configmap', 'c1', '--from-literal=k=v'])).toBe('configmap/c1 created\n');
    expect(await ok(['create', 'secret', 'generic', 's1', '--from-literal=password=hunter2'])).toBe('secret/s1 created\n');
    expect(await ok(['create', 'namespace', 'team-a'])).toBe('namespace/team-a created\n');
    expect(await ok(['create', 'deployment', 'd2', '--image=busybox:1.36', '--replicas=2', '-n', 'team-a'])).toBe('deployment.apps/d2 created\n');
    const s = JSON.parse(await ok(['get', 'secret', 's1', '-o', 'json'])) as { data: Record<string, string>; type: string };
    expect(Buffer.from(s.data.password, 'base64').toString()).toBe('hunter2');
    expect(s.type).toBe('Opaque');
    const d = JSON.parse(await ok(['get', 'deploy', 'd2', '-n', 'team-a', '-o', 'json'])) as { spec: { replicas: number; selector: { matchLabels: Record<string, string> } } };
    expect(d.spec.replicas).toBe(2);
    expect(d.spec.selector.matchLabels).toEqual({ app: 'd2' });
  });

  it('labels, annotates and scales', async () => {
    expect(await ok(['label', 'deploy', 'web', 'tier=frontend'])).toBe('deployment.apps/web labeled\n');
    expect(await ok(['annotate', 'deploy', 'web', 'owner=team-a'])).toBe('deployment.apps/web annotated\n');
    expect(await ok(['scale', 'deploy', 'web', '--replicas=5'])).toBe('deployment.apps/web scaled\n');
    const d = JSON.parse(await ok(['get', 'deploy', 'web', '-o', 'json'])) as { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: { replicas: number } };
    expect(d.metadata.labels.tier).toBe('frontend');
    expect(d.metadata.annotations.owner).toBe('team-a');
    expect(d.spec.replicas).toBe(5);
    expect(await ok(['get', 'deploy', '-l', 'tier=frontend', '-o', 'name'])).toBe('deployment.apps/web\n');
    expect(await ok(['get', 'deploy', '-l', 'tier notin (frontend)', '-o', 'name'])).toBe('');
  });

  it('watches: get -w prints the change', async () => {
    const child = env.kubectlSpawn(['get', 'configmaps', '-w', '--output-watch-events']);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const until = async (re: RegExp): Promise<void> => {
      const deadline = Date.now() + 15_000;
      while (!re.test(out)) {
        if (Date.now() > deadline) throw new Error(`no match for ${re} in: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(/ADDED\s+c1/);
    await ok(['create', 'configmap', 'watched', '--from-literal=x=y']);
    await until(/ADDED\s+watched/);
    await ok(['delete', 'configmap', 'watched']);
    await until(/DELETED\s+watched/);
    child.kill('SIGKILL');
  });

  it('describes a deployment', async () => {
    const out = await ok(['describe', 'deployment', 'web']);
    expect(out).toMatch(/^Name:\s+web$/m);
    expect(out).toMatch(/^StrategyType:\s+RollingUpdate$/m);
    expect(out).toMatch(/Port:\s+80\/TCP/);
  });

  it('lists api-resources and explains fields', async () => {
    const out = await ok(['api-resources']);
    expect(out).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(out).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(out).toMatch(/^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m);
    const explain = await ok(['explain', 'deployment.spec.strategy']);
    expect(explain).toMatch(/FIELD:\s+strategy/);
    expect(explain).toMatch(/rollingUpdate/);
  });

  it('deletes what it applied', async () => {
    expect(await ok(['delete', '-f', manifest('nginx-deployment.yaml')])).toBe('deployment.apps "web" deleted\n');
    const r = await env.kubectl(['get', 'deploy', 'web']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
  });
});
