// `why`: a pod that fits on no node (real scheduler verdicts on a hollow node), a Deployment stuck
// on such pods, and — with statuses and events written through the API as a kubelet would, since
// these pods are bound to a node that has no kubelet — a crash-looping container, an image that
// cannot be pulled, and a failing readiness probe. Checked as -o json and as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestCluster, etcdAvailable, etcdSkipReason, until } from '../controllers/cluster.js';
import { ours } from './golden.js';

interface Why {
  kind: string;
  name: string;
  verdict: string;
  summary: string;
  findings: { title: string; lines: string[]; data?: unknown }[];
  related?: Why[];
}

describe.skipIf(!etcdAvailable)(`why${etcdSkipReason}`, () => {
  let c: TestCluster;
  const api = async (method: string, path: string, body?: unknown, type = 'application/json'): Promise<Record<string, unknown>> => {
    const r = await fetch(c.env.url + path, { method, headers: { 'Content-Type': type }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const why = async (target: string): Promise<Why> => {
    const r = await ours(c.env, ['why', target, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Why;
  };
  const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  /** A pod bound to "ghost" (a node without a kubelet) whose status we write as a kubelet would. */
  const ghostPod = async (name: string, container: Record<string, unknown>, status: Record<string, unknown>): Promise<void> => {
    await api('POST', '/api/v1/namespaces/default/pods', { metadata: { name }, spec: { nodeName: 'ghost', containers: [{ name: 'app', image: 'busybox:1', ...container }] } });
    await api('PATCH', `/api/v1/namespaces/default/pods/${name}/status`, { status }, 'application/merge-patch+json');
  };
  const event = async (pod: string, type: string, reason: string, message: string): Promise<void> => {
    const p = await api('GET', `/api/v1/namespaces/default/pods/${pod}`);
    const uid = (p.metadata as { uid: string }).uid;
    await api('POST', '/api/v1/namespaces/default/events', {
      metadata: { name: `${pod}.${reason.toLowerCase()}` }, involvedObject: { kind: 'Pod', namespace: 'default', name: pod, uid, apiVersion: 'v1' },
      type, reason, message, count: 3, firstTimestamp: now(), lastTimestamp: now(), source: { component: 'kubelet', host: 'ghost' },
    });
  };

  beforeAll(async () => {
    c = await TestCluster.start({ nodeGroups: { hollow: 1 } });
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('explains a pod that fits on no node with the scheduler verdict per node', async () => {
    await api('POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'huge' }, spec: { containers: [{ name: 'app', image: 'busybox:1', resources: { requests: { cpu: '1000' } } }] } });
    const w = await until('a scheduling verdict', async () => {
      const r = await why('pod/huge');
      return r.verdict === 'Unschedulable' && r.findings.some((f) => f.title === 'Scheduler verdicts per node') ? r : undefined;
    });
    expect(w.summary).toMatch(/^the scheduler found no node for it: 0\/1 nodes are available: 1 Insufficient cpu/);
    expect(w.findings.find((f) => f.title === 'Scheduler verdicts per node')?.lines).toEqual(['hollow-0  NodeResourcesFit: Insufficient cpu']);
    expect(w.findings.find((f) => f.title === 'Events')?.lines.join('\n')).toMatch(/Warning FailedScheduling .* from default-scheduler: 0\/1 nodes are available/);
    const text = await ours(c.env, ['why', 'huge']);
    expect(text.stdout).toContain('pod/huge (default): Unschedulable\n');
    expect(text.stdout).toContain('  Scheduler verdicts per node:\n    hollow-0  NodeResourcesFit: Insufficient cpu\n');
  });

  it('explains a crash loop: exit code, reason, restarts and back-off timing', async () => {
    const finished = new Date(Date.now() - 5000).toISOString().replace(/\.\d+Z$/, 'Z');
    await ghostPod('crash', { command: ['sh', '-c', 'exit 3'] }, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [{
        name: 'app', image: 'busybox:1', imageID: '', ready: false, restartCount: 4, started: false,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s restarting failed container=app pod=crash_default' } },
        lastState: { terminated: { exitCode: 3, reason: 'Error', startedAt: finished, finishedAt: finished } },
      }],
    });
    await event('crash', 'Warning', 'BackOff', 'Back-off restarting failed container app in pod crash_default');
    const w = await why('pod/crash');
    expect(w.verdict).toBe('CrashLoopBackOff');
    expect(w.summary).toBe('container "app" keeps exiting (exit code 3, Error); the kubelet restarts it with a growing back-off');
    const last = w.findings.find((f) => f.title === 'Last termination of container "app"');
    expect(last?.lines[0]).toBe('exit code 3, reason Error');
    expect(last?.lines).toContain('restarted 4 times');
    expect(last?.lines.some((l) => /^back-off 80s: next restart in about \d+s$/.test(l))).toBe(true);
    expect(w.findings.find((f) => f.title === 'Events')?.lines[0]).toMatch(/^Warning BackOff .* \(x3\) from kubelet: Back-off restarting failed container app/);
  });

  it("explains an image that cannot be pulled with the registry's answer", async () => {
    await ghostPod('badimage', { image: 'registry.invalid/nope:1' }, {
      phase: 'Pending',
      containerStatuses: [{ name: 'app', image: 'registry.invalid/nope:1', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.invalid/nope:1"' } } }],
    });
    await event('badimage', 'Warning', 'Failed', 'Failed to pull image "registry.invalid/nope:1": manifest unknown: manifest unknown');
    const w = await why('pod/badimage');
    expect(w.verdict).toBe('ImagePullBackOff');
    expect(w.summary).toBe('the kubelet on ghost cannot pull image "registry.invalid/nope:1" for container "app"');
    expect(w.findings.find((f) => f.title === 'Container')?.lines).toEqual(['app: image registry.invalid/nope:1', 'waiting: ImagePullBackOff - Back-off pulling image "registry.invalid/nope:1"']);
    expect(w.findings.find((f) => f.title === 'Registry answer (from events)')?.lines[0]).toMatch(/manifest unknown: manifest unknown$/);
  });

  it('explains a failing readiness probe with its output', async () => {
    const started = now();
    await ghostPod('notready', { readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 2 } }, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
      containerStatuses: [{ name: 'app', image: 'busybox:1', imageID: '', ready: false, restartCount: 0, started: true, state: { running: { startedAt: started } } }],
    });
    await event('notready', 'Warning', 'Unhealthy', "Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory");
    const w = await why('pod/notready');
    expect(w.verdict).toBe('NotReady');
    expect(w.summary).toBe('the pod runs on ghost but is not Ready: app not ready, so Services send it no traffic');
    expect(w.findings.find((f) => f.title === 'Container "app"')?.lines[0]).toBe('readiness probe: exec [cat /tmp/ready] delay=0s timeout=1s period=2s #success=1 #failure=3');
    expect(w.findings.find((f) => f.title === 'Failing probes (from events)')?.lines[0]).toMatch(/Readiness probe failed: cat: can't open '\/tmp\/ready': No such file or directory$/);
  });

  it('explains a stuck rollout: the new ReplicaSet and its pods that cannot run', async () => {
    await api('POST', '/apis/apps/v1/namespaces/default/deployments', {
      metadata: { name: 'stuck' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'stuck' } }, template: { metadata: { labels: { app: 'stuck' } }, spec: { containers: [{ name: 'app', image: 'busybox:1', resources: { requests: { cpu: '500' } } }] } } },
    });
    const w = await until('a stuck rollout', async () => {
      const r = await why('deploy/stuck');
      // wait for the controllers' status to settle (the ReplicaSet counts its pod, the scheduler has tried it)
      const settled = r.findings.find((f) => f.title === 'ReplicaSets')?.lines[0]?.includes(': 1/1 pods');
      return r.verdict === 'RolloutStuck' && settled && r.summary.includes('rollout to finish') && r.related?.[0]?.findings.some((f) => f.title === 'Scheduler verdicts per node') ? r : undefined;
    });
    expect(w.summary).toMatch(/^Waiting for deployment "stuck" rollout to finish: .* — 1 new pod not ready: Unschedulable$/);
    expect(w.findings.find((f) => f.title === 'ReplicaSets')?.lines[0]).toMatch(/^new: stuck-[0-9a-f]+ \(revision 1\): 1\/1 pods, 0 ready$/);
    expect(w.related?.[0]).toMatchObject({ kind: 'Pod', verdict: 'Unschedulable' });
    const text = await ours(c.env, ['why', 'deployment/stuck']);
    expect(text.stdout).toMatch(/^deployment\/stuck \(default\): RolloutStuck\n/);
    expect(text.stdout).toMatch(/\n  pod\/stuck-[0-9a-f]+-[0-9a-z]+ \(default\): Unschedulable\n/);
  });

  it('says so when a pod is healthy, and rejects other kinds', async () => {
    await api('POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'fine' }, spec: { containers: [{ name: 'app', image: 'busybox:1' }] } });
    const w = await until('a running pod', async () => {
      const r = await why('pod/fine');
      return r.verdict === 'Healthy' ? r : undefined;
    });
    expect(w.summary).toBe('the pod is Running and Ready on hollow-0; nothing looks wrong');
    expect(await ours(c.env, ['why', 'svc/kubernetes'])).toEqual({ code: 1, stdout: '', stderr: 'error: why explains pods and deployments, not Service\n' });
  });
});
