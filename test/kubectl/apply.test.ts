// Golden: client-side apply's three-way strategic merge (fields another client set inside a list
// element survive, dropped elements go, keyed lists keep their order) and apply --server-side
// (created, re-applied, a conflict with another field manager, --force-conflicts): the real
// kubectl in namespace "theirs", ours in "mine", same messages and the same resulting objects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer, type KubectlResult } from '../envtest.js';
import { ours } from './golden.js';

const v1 = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        env: [{name: A, value: "1"}, {name: B, value: "2"}]
        ports: [{containerPort: 80}]
      - name: sidecar
        image: busybox
`;
const v2 = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        env: [{name: B, value: "3"}]
        ports: [{containerPort: 80}, {containerPort: 443}]
`;
const cm = (a: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: "${a}"}\n`;

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`apply: three-way strategic merge and --server-side${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
    for (const ns of ['theirs', 'mine']) {
      const r = await env.kubectl(['create', 'namespace', ns]);
      if (r.code !== 0) throw new Error(r.stderr);
    }
  });
  afterAll(async () => {
    await env?.stop();
  });

  const run = async (who: 'theirs' | 'mine', args: string[], input?: string): Promise<KubectlResult> => {
    const full = [...args, '-n', who];
    const r = who === 'theirs' ? await env.kubectl(full, { input }) : await ours(env, full, input);
    return { ...r, stdout: r.stdout.replaceAll(who, 'NS'), stderr: r.stderr.replaceAll(who, 'NS') };
  };
  const read = async (ns: string, path: string): Promise<unknown> => {
    const o = (await (await fetch(`${env.url}/${path.replace('NS', ns)}`)).json()) as { metadata: { annotations?: unknown; labels?: unknown; managedFields?: { manager: string; operation: string }[] }; spec?: unknown; data?: unknown };
    return JSON.parse(JSON.stringify({ annotations: o.metadata.annotations, spec: o.spec, data: o.data, managers: o.metadata.managedFields?.map((m) => `${m.manager}/${m.operation}`).sort() }).replaceAll(ns, 'NS'));
  };

  it('merges keyed lists three ways like kubectl', async () => {
    const steps: { args: string[]; input?: string; realForBoth?: boolean }[] = [
      { args: ['apply', '-f', '-'], input: v1 },
      // another client sets a field inside the nginx container (both namespaces, with the real kubectl)
      { args: ['patch', 'deploy', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","workingDir":"/srv"}]}}}}'], realForBoth: true },
      { args: ['apply', '-f', '-'], input: v2 },
      { args: ['apply', '-f', '-'], input: v2 },
      { args: ['apply', '-f', '-'], input: v1 },
    ];
    for (const st of steps) {
      const theirs = await run('theirs', st.args, st.input);
      const mine = st.realForBoth ? await env.kubectl([...st.args, '-n', 'mine']).then((r) => ({ ...r, stdout: r.stdout.replaceAll('mine', 'NS') })) : await run('mine', st.args, st.input);
      expect({ args: st.args, ...mine }).toEqual({ args: st.args, ...theirs });
      expect(await read('mine', 'apis/apps/v1/namespaces/NS/deployments/web')).toEqual(await read('theirs', 'apis/apps/v1/namespaces/NS/deployments/web'));
    }
    const d = (await read('mine', 'apis/apps/v1/namespaces/NS/deployments/web')) as { spec: { template: { spec: { containers: { name: string; workingDir?: string }[] } } } };
    expect(d.spec.template.spec.containers.map((c) => [c.name, c.workingDir])).toEqual([['nginx', '/srv'], ['sidecar', undefined]]);
  });

  it('applies server-side with field managers and conflicts like kubectl', async () => {
    const steps: { args: string[]; input: string }[] = [
      { args: ['apply', '--server-side', '-f', '-'], input: cm('1') },
      { args: ['apply', '--server-side', '-f', '-'], input: cm('1') },
      { args: ['apply', '--server-side', '--field-manager=other', '-f', '-'], input: cm('2') },
      { args: ['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], input: cm('2') },
    ];
    for (const st of steps) {
      const theirs = await run('theirs', st.args, st.input);
      const mine = await run('mine', st.args, st.input);
      expect({ args: st.args, ...mine }).toEqual({ args: st.args, ...theirs });
      expect(await read('mine', 'api/v1/namespaces/NS/configmaps/ssa')).toEqual(await read('theirs', 'api/v1/namespaces/NS/configmaps/ssa'));
    }
  });
});
