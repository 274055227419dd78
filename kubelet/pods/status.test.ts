import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { ContainerStatus, PodSandboxStatus } from '../runtime/index.js';
import { computePodStatus, podPhase, qosClass } from './status.js';

const NOW = Date.parse('2025-01-01T00:00:10Z');

function ctr(name: string, state: ContainerStatus['state'], o: Partial<ContainerStatus> = {}): ContainerStatus {
  return {
    id: `${name}-${o.metadata?.attempt ?? 0}`, podSandboxId: 'sb', metadata: { name, attempt: 0 }, state, createdAt: NOW - 5000,
    startedAt: state === 'CONTAINER_CREATED' ? 0 : NOW - 4000, finishedAt: state === 'CONTAINER_EXITED' ? NOW - 1000 : 0, exitCode: 0,
    image: { image: 'img' }, imageRef: 'sha256:abc', reason: '', message: '', labels: { 'io.kubernetes.container.name': name },
    annotations: { 'io.kubernetes.container.restartCount': String(o.metadata?.attempt ?? 0) }, mounts: [], logPath: '/x', ...o,
  };
}

const sandbox: PodSandboxStatus = {
  id: 'sb', metadata: { name: 'p', namespace: 'default', uid: 'u' }, state: 'SANDBOX_READY', createdAt: NOW - 6000,
  network: { ip: '10.1.0.5' }, linux: { namespaces: { options: {} } }, labels: {}, annotations: {},
};

function pod(spec: Partial<NonNullable<V1Pod['spec']>> = {}, status?: V1Pod['status']): V1Pod {
  return { metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { containers: [{ name: 'a', image: 'img' }], ...spec }, status };
}

const status = (p: V1Pod, containers: ContainerStatus[], waiting: [string, { reason: string; message?: string }][] = [], terminating = false) =>
  computePodStatus({ pod: p, sandbox, containers, waiting: new Map(waiting), probe: () => ({ ready: true, started: true }),
    hostIP: '192.168.1.2', runtimeName: 'runc', now: NOW, terminating });

describe('computePodStatus', () => {
  it('reports a running pod with IPs, conditions and a running container', () => {
    const s = status(pod(), [ctr('a', 'CONTAINER_RUNNING')]);
    expect(s.phase).toBe('Running');
    expect(s.podIP).toBe('10.1.0.5');
    expect(s.podIPs).toEqual([{ ip: '10.1.0.5' }]);
    expect(s.hostIPs).toEqual([{ ip: '192.168.1.2' }]);
    expect(Object.fromEntries(s.conditions!.map((c) => [c.type, c.status]))).toEqual({
      PodScheduled: 'True', PodReadyToStartContainers: 'True', Initialized: 'True', Ready: 'True', ContainersReady: 'True',
    });
    expect(s.containerStatuses![0]).toMatchObject({ name: 'a', ready: true, started: true, restartCount: 0, containerID: 'runc://a-0', imageID: 'sha256:abc',
      state: { running: { startedAt: new Date(NOW - 4000) } } });
    expect(s.qosClass).toBe('BestEffort');
  });

  it('shows CrashLoopBackOff as waiting with the last exit in lastState', () => {
    const s = status(pod(), [ctr('a', 'CONTAINER_EXITED', { exitCode: 1, reason: 'Error', metadata: { name: 'a', attempt: 2 } })],
      [['a', { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=a pod=p_default(u)' }]]);
    const cs = s.containerStatuses![0]!;
    expect(cs.state?.waiting).toEqual({ reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=a pod=p_default(u)' });
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error', containerID: 'runc://a-2' });
    expect(cs.restartCount).toBe(2);
    expect(s.phase).toBe('Running');
    expect(s.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [a]' });
  });

  it('keeps lastTransitionTime of unchanged conditions', () => {
    const old = new Date('2024-12-31T00:00:00Z');
    const s = status(pod({}, { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: old }, { type: 'Initialized', status: 'False', lastTransitionTime: old }] }),
      [ctr('a', 'CONTAINER_RUNNING')]);
    expect(s.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime).toEqual(old);
    expect(s.conditions!.find((c) => c.type === 'Initialized')!.lastTransitionTime).toEqual(new Date(NOW));
  });

  it('waits in PodInitializing while init containers run', () => {
    const p = pod({ initContainers: [{ name: 'init', image: 'img' }] });
    const s = status(p, [ctr('init', 'CONTAINER_RUNNING')]);
    expect(s.phase).toBe('Pending');
    expect(s.containerStatuses![0]!.state?.waiting?.reason).toBe('PodInitializing');
    expect(s.conditions!.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init]' });
  });

  it('reports ErrImagePull / ContainerCreating waiting reasons for containers not created', () => {
    expect(status(pod(), [], [['a', { reason: 'ErrImagePull', message: 'boom' }]]).containerStatuses![0]!.state?.waiting).toEqual({ reason: 'ErrImagePull', message: 'boom' });
    expect(status(pod(), []).containerStatuses![0]!.state?.waiting?.reason).toBe('ContainerCreating');
    expect(status(pod(), []).phase).toBe('Pending');
  });
});

describe('podPhase', () => {
  const run = { name: 'a', image: '', imageID: '', ready: true, restartCount: 0, state: { running: {} } };
  const ok = { name: 'a', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0 } } };
  const bad = { name: 'a', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1 } } };
  const crash = { name: 'a', image: '', imageID: '', ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1 } } };
  const creating = { name: 'a', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } };
  it.each([
    ['running', 'Always', [run], false, 'Running'],
    ['creating', 'Always', [creating], false, 'Pending'],
    ['crashloop under Always', 'Always', [crash], false, 'Running'],
    ['all succeeded under Never', 'Never', [ok], false, 'Succeeded'],
    ['failed under Never', 'Never', [bad], false, 'Failed'],
    ['failed under OnFailure (will restart)', 'OnFailure', [bad], false, 'Running'],
    ['succeeded under OnFailure', 'OnFailure', [ok], false, 'Succeeded'],
    ['exited under Always (restarting)', 'Always', [bad], false, 'Running'],
    ['terminating, all stopped with errors', 'Always', [bad], true, 'Failed'],
    ['terminating, all stopped cleanly', 'Always', [ok], true, 'Succeeded'],
  ] as const)('%s', (_n, restartPolicy, main, terminating, want) => {
    expect(podPhase(pod({ restartPolicy }), [], [...main], terminating)).toBe(want);
  });
});

describe('qosClass', () => {
  it.each([
    ['no resources', {}, 'BestEffort'],
    ['requests only', { requests: { cpu: '100m' } }, 'Burstable'],
    ['limits equal requests', { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }, 'Guaranteed'],
    ['limits only (requests default to limits)', { limits: { cpu: '1', memory: '1Gi' } }, 'Guaranteed'],
  ])('%s', (_n, resources, want) => {
    expect(qosClass(pod({ containers: [{ name: 'a', resources }] }))).toBe(want);
  });
});

describe('ephemeral container statuses', () => {
  it('reports them apart, without changing the phase or readiness', () => {
    const p = pod({ ephemeralContainers: [{ name: 'dbg', image: 'img', targetContainerName: 'a' }, { name: 'later', image: 'img' }] });
    const s = status(p, [ctr('a', 'CONTAINER_RUNNING'), ctr('dbg', 'CONTAINER_EXITED', { exitCode: 1 })]);
    expect(s.phase).toBe('Running');
    expect(s.conditions!.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(s.containerStatuses!.map((c) => c.name)).toEqual(['a']);
    expect(s.ephemeralContainerStatuses).toMatchObject([
      { name: 'dbg', containerID: 'runc://dbg-0', state: { terminated: { exitCode: 1, reason: 'Error' } } },
      { name: 'later', state: { waiting: { reason: 'ContainerCreating' } } },
    ]);
  });

  it('leaves the field out for a pod without any', () => {
    expect(status(pod(), [ctr('a', 'CONTAINER_RUNNING')]).ephemeralContainerStatuses).toBeUndefined();
  });
});
