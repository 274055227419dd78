// Golden: `set env` with the real kubectl on one Deployment and with ours on an identical one — the
// same sequence of changes (set, unchanged, one container, removal, --list, unknown container), the
// same output lines, and the same environment left in the pod template.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import { ours } from './golden.js';

const deployment = (name: string): string => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 0
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - {name: main, image: busybox, env: [{name: KEEP, value: "k"}]}
      - {name: sidecar, image: busybox}
`;

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`set env: ours vs the real kubectl${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
    const r = await env.kubectl(['apply', '-f', '-'], { input: `${deployment('theirs')}---${deployment('mine')}` });
    if (r.code !== 0) throw new Error(r.stderr);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it.each([
    ['sets two variables on every container', ['A=1', 'B=2']],
    ['leaves an unchanged variable alone', ['A=1']],
    ['sets one container with -c', ['-c', 'sidecar', 'C=3']],
    ['removes a variable with KEY-', ['B-']],
    ['lists the environment', ['--list']],
    ['lists one container', ['--list', '-c', 'main']],
    ['refuses an unknown container', ['-c', 'nope', 'Z=1']],
  ])('%s', async (_name, args) => {
    const theirs = await env.kubectl(['set', 'env', 'deployment/theirs', ...args]);
    const mine = await ours(env, ['set', 'env', 'deployment/mine', ...args]);
    expect(mine.stdout).toBe(theirs.stdout.replaceAll('theirs', 'mine'));
    expect(mine.stderr).toBe(theirs.stderr.replaceAll('theirs', 'mine'));
    expect(mine.code).toBe(theirs.code);
    const envOf = async (name: string): Promise<string> => (await env.kubectl(['get', 'deploy', name, '-o', 'jsonpath={.spec.template.spec.containers[*].env}'])).stdout;
    expect(await envOf('mine')).toBe(await envOf('theirs'));
  });
});
