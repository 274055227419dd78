// Golden, end to end on runc (root only): a kubelet on runc + conmon + CNI with the test registry's
// busybox; `logs`, `exec` and `describe pod` with the real kubectl and with ours on the same pods,
// and `why` on a container that really crashes (exit code, reason, its last log lines).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../eventually.js';
import { runcUnavailable, startInProcessNode, startRuncEnv, type RuncEnv, type RuncNode } from '../kubelet/runcenv.js';
import { both, ours } from './golden.js';

const unavailable = runcUnavailable();

describe.skipIf(!!unavailable)(`logs, exec, describe and why on runc${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let env: RuncEnv;
  let node: RuncNode;
  const create = async (name: string, containers: { name: string; command: string[] }[]): Promise<void> => {
    await env.core.createNamespacedPod({ namespace: 'default', body: { metadata: { name }, spec: { nodeName: node.name, terminationGracePeriodSeconds: 1, containers: containers.map((c) => ({ ...c, image: env.reg.image })) } } });
  };

  beforeAll(async () => {
    env = await startRuncEnv();
    node = await startInProcessNode(env, 'kubectl-runc');
    await create('talker', [
      { name: 'app', command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo "line $i"; done; sleep 3600'] },
      { name: 'side', command: ['sh', '-c', 'echo from the side; sleep 3600'] },
    ]);
    await create('crasher', [{ name: 'app', command: ['sh', '-c', 'echo starting; echo "fatal: no config" >&2; exit 3'] }]);
    await eventually('talker running with its logs', async () => {
      const p = await env.getPod('talker');
      if (p.status?.phase !== 'Running') return undefined;
      const r = await ours(env.api, ['logs', 'talker', '-c', 'app']);
      return r.stdout.includes('line 5') ? true : undefined;
    }, 90_000);
  }, 180_000);

  afterAll(async () => {
    await node?.stop();
    await env?.stop();
  });

  it.each([
    ['logs with a defaulted container', ['logs', 'talker']],
    ['logs -c', ['logs', 'talker', '-c', 'side']],
    ['logs --tail', ['logs', 'pod/talker', '-c', 'app', '--tail=2']],
    ['logs of a missing container', ['logs', 'talker', '-c', 'nope']],
    ['logs --timestamps', ['logs', 'talker', '-c', 'side', '--timestamps']],
    ['exec', ['exec', 'talker', '-c', 'app', '--', 'echo', 'hello']],
    ['exec with a defaulted container', ['exec', 'talker', '--', 'cat', '/proc/1/cmdline']],
    ['exec failing command', ['exec', 'talker', '-c', 'app', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']],
    ['exec in a missing pod', ['exec', 'nope', '--', 'true']],
    ['describe a running pod', ['describe', 'pod', 'talker']],
  ])('%s', async (_n, args) => {
    const { theirs, mine } = await both(env.api, args);
    expect({ args, ...mine }).toEqual({ args, ...theirs });
  });

  it('logs -f streams until interrupted', async () => {
    const stop = new AbortController();
    let out = '';
    const { main } = await import('../../kubectl/index.js');
    const done = main(['logs', '-f', 'talker', '-c', 'app'], {
      stdout: (s) => {
        out += s;
        if (out.includes('line 5')) stop.abort();
      },
      stderr: (s) => (out += s),
      readStdin: async () => '',
      env: { KUBECONFIG: env.api.kubeconfigPath, HOME: env.api.dir },
      signal: stop.signal,
    });
    expect(await done).toBe(0);
    expect(out).toBe('line 1\nline 2\nline 3\nline 4\nline 5\n');
  });

  it('exec -i passes stdin', async () => {
    const args = ['exec', '-i', 'talker', '-c', 'app', '--', 'sh', '-c', 'cat; echo done'];
    const theirs = await env.api.kubectl(args, { input: 'abc\ndef\n' });
    const mine = await ours(env.api, args, 'abc\ndef\n');
    expect(mine).toEqual(theirs);
    expect(mine.stdout).toBe('abc\ndef\ndone\n');
  });

  it('why explains a real crash loop with its exit code and last log lines', async () => {
    interface Why { verdict: string; findings: { title: string; lines: string[] }[] }
    const w = await eventually('crasher in CrashLoopBackOff', async () => {
      const r = await ours(env.api, ['why', 'pod/crasher', '-o', 'json']);
      const j = JSON.parse(r.stdout) as Why;
      return j.verdict === 'CrashLoopBackOff' ? j : undefined;
    }, 90_000);
    const last = w.findings.find((f) => f.title === 'Last termination of container "app"');
    expect(last?.lines[0]).toBe('exit code 3, reason Error');
    const logs = w.findings.find((f) => f.title.startsWith('Last 10 log lines'))?.lines ?? [];
    expect(logs).toEqual(['starting', 'fatal: no config']);
    const { theirs, mine } = await both(env.api, ['logs', 'crasher', '--previous']);
    expect(mine).toEqual(theirs);
    expect(mine.stdout).toBe('starting\nfatal: no config\n');
  });
});
