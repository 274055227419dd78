// Golden-test helpers for the mini-kubectl: run our main() in-process with captured output against
// an envtest cluster, run the real kubectl, and compare with AGE cells masked (same width kept).
import type { KubectlResult, TestApiServer } from '../envtest.js';
import { main } from '../../kubectl/index.js';

export async function ours(env: TestApiServer, args: string[], input = '', extraEnv: Record<string, string> = {}): Promise<KubectlResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: async () => input,
    env: { KUBECONFIG: env.kubeconfigPath, HOME: env.dir, PATH: process.env.PATH, ...extraEnv },
  });
  return { code, stdout, stderr };
}

const AGE = /(?<=^|\s)(\d+[smhdy](\d+[smh])?|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)(?=\s|$)/gm;

/** Masks age cells ("5s", "2m3s") and CREATED AT cells (RFC 3339) with same-width placeholders so column layout still compares. */
export function maskAges(s: string): string {
  return s.replace(AGE, (m) => 'A'.repeat(m.length));
}

/**
 * Runs a read-only command with both clients and returns both results, masked. Retries a few times
 * when the only difference is an age ticking over a digit boundary between the two runs.
 */
export async function both(env: TestApiServer, args: string[]): Promise<{ theirs: KubectlResult; mine: KubectlResult }> {
  let last: { theirs: KubectlResult; mine: KubectlResult } | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const theirs = await env.kubectl(args);
    const mine = await ours(env, args);
    last = { theirs: mask(theirs), mine: mask(mine) };
    if (last.theirs.stdout === last.mine.stdout && last.theirs.stderr === last.mine.stderr) return last;
  }
  if (!last) throw new Error('unreachable');
  return last;
}

function mask(r: KubectlResult): KubectlResult {
  return { code: r.code, stdout: maskAges(r.stdout), stderr: maskAges(r.stderr) };
}
