// Golden: `get -w` (plain, --watch-only, -o wide, one named object) with the real kubectl and with ours
// watching the same cluster: both start, two changes are made, both are interrupted (SIGINT for the
// real one, the abort signal main.ts raises on SIGINT for ours), and the outputs are compared with
// AGE cells masked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../kubectl/index.js';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import { eventually } from '../eventually.js';
import { maskAges } from './golden.js';

const FIXTURES = `
apiVersion: v1
kind: Pod
metadata: {name: first, labels: {app: web}}
spec:
  nodeName: node-a
  containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata: {name: second-with-a-longer-name, labels: {app: db}}
spec:
  containers: [{name: c, image: busybox}, {name: d, image: busybox}]
`;

interface Running {
  out: () => string;
  stop: () => Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function startTheirs(env: TestApiServer, args: string[]): Running {
  const child = env.kubectlSpawn(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    out: () => stdout,
    stop: async () => {
      child.kill('SIGINT');
      return { code: await exited, stdout, stderr };
    },
  };
}

function startOurs(env: TestApiServer, args: string[]): Running {
  const ac = new AbortController();
  let stdout = '';
  let stderr = '';
  const done = main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: async () => '',
    env: { KUBECONFIG: env.kubeconfigPath, HOME: env.dir, PATH: process.env.PATH },
    signal: ac.signal,
  });
  return {
    out: () => stdout,
    stop: async () => {
      ac.abort();
      return { code: await done, stdout, stderr };
    },
  };
}

const lines = (s: string): number => s.split('\n').filter((l) => l !== '').length;

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`get -w: ours vs the real kubectl${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  let n = 0;
  beforeAll(async () => {
    env = await startEnvtest();
    const r = await env.kubectl(['apply', '-f', '-'], { input: FIXTURES });
    if (r.code !== 0) throw new Error(r.stderr);
  });
  afterAll(async () => {
    await env?.stop();
  });

  /** Starts both watches, waits for their first output, makes the changes, waits for both to show them. */
  async function compare(args: string[], initialLines: number, changes: string[][], changeLines: number): Promise<void> {
    const theirs = startTheirs(env, args);
    const mine = startOurs(env, args);
    try {
      // both have listed (and so will see every change made from now on from their list's resourceVersion)
      if (initialLines > 0) await eventually('both printed the list', async () => lines(theirs.out()) >= initialLines && lines(mine.out()) >= initialLines);
      else await new Promise((r) => setTimeout(r, 1500)); // --watch-only prints nothing until a change
      for (const c of changes) {
        const r = await env.kubectl(c);
        expect(r.stderr).toBe('');
      }
      const want = initialLines + changeLines;
      await eventually('both printed the changes', async () => lines(theirs.out()) >= want && lines(mine.out()) >= want);
    } finally {
      const t = await theirs.stop();
      const m = await mine.stop();
      expect(maskAges(m.stdout)).toBe(maskAges(t.stdout));
      expect(m.stderr).toBe(t.stderr);
      expect(m.code).toBe(t.code);
    }
  }

  it('get pods -w: the table, then one row per change', async () => {
    n++;
    await compare(['get', 'pods', '-w'], 3, [['label', '--overwrite', 'pod', 'first', `round=r${n}`], ['run', `new-pod-${n}`, '--image=busybox']], 2);
  });

  it('get pods --watch-only: a header with the first change, no list', async () => {
    n++;
    await compare(['get', 'pods', '--watch-only'], 0, [['label', '--overwrite', 'pod', 'first', `round=r${n}`], ['run', `watch-only-${n}`, '--image=busybox']], 3);
  });

  it('get pods -o wide -w', async () => {
    n++;
    await compare(['get', 'pods', '-o', 'wide', '-w'], 4, [['label', '--overwrite', 'pod', 'first', `round=r${n}`], ['delete', 'pod', 'new-pod-1', '--wait=false']], 2);
  });

  it('get pod NAME -w: only that object', async () => {
    n++;
    await compare(['get', 'pod', 'first', '-w'], 2, [['label', '--overwrite', 'pod', 'first', `round=r${n}`], ['label', '--overwrite', 'pod', 'second-with-a-longer-name', `round=r${n}`], ['annotate', 'pod', 'first', `note=n${n}`]], 2);
  });

  it('get pods -o name -w: one name per change', async () => {
    n++;
    const now = await env.kubectl(['get', 'pods', '-o', 'name']);
    await compare(['get', 'pods', '-o', 'name', '-w'], lines(now.stdout), [['label', '--overwrite', 'pod', 'first', `round=r${n}`]], 1);
  });

  it('get pod NAME -o yaml -w: the object, then each change as a YAML document', async () => {
    n++;
    // the object's YAML is ~30 lines; a change adds as many again
    const before = await env.kubectl(['get', 'pod', 'second-with-a-longer-name', '-o', 'yaml']);
    const docLines = lines(before.stdout);
    await compare(['get', 'pod', 'second-with-a-longer-name', '-o', 'yaml', '-w'], docLines, [['annotate', '--overwrite', 'pod', 'second-with-a-longer-name', `note=n${n}`]], docLines);
  });

  it('get configmaps -w on an empty namespace: no notice, then the new row with a header', async () => {
    n++;
    await compare(['get', 'configmaps', '-n', 'default', '-w'], 0, [['create', 'configmap', `cm-${n}`, '--from-literal=a=b']], 2);
  });
});
