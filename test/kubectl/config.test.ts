// Golden: `config get-contexts|use-context|set-context|current-context|view` on kubeconfig files
// (no server): the real kubectl and ours each edit their own copy of the same two files
// (KUBECONFIG=a:b), and the messages and the files' resulting contexts agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse as load } from 'yaml';
import { kubectlAvailable, kubectlPath, kubectlSkipReason } from '../envtest.js';
import { main } from '../../kubectl/index.js';

const A = `apiVersion: v1
kind: Config
clusters:
- name: one
  cluster: {server: "https://127.0.0.1:1", certificate-authority-data: "Q0EK"}
users:
- name: alice
  user: {token: s3cret, client-certificate-data: "Q0VSVAo="}
contexts:
- name: first
  context: {cluster: one, user: alice, namespace: team-a}
current-context: first
`;
const B = `apiVersion: v1
kind: Config
clusters:
- name: two
  cluster: {server: "http://127.0.0.1:2"}
users:
- name: bob
  user: {}
contexts:
- name: second
  context: {cluster: two, user: bob}
current-context: second
`;

interface Result { code: number; stdout: string; stderr: string }

describe.skipIf(!kubectlAvailable)(`config: ours vs the real kubectl${kubectlSkipReason}`, () => {
  const root = mkdtempSync(join(tmpdir(), 'k8ts-kubectl-config-'));
  const dirs = { theirs: join(root, 'theirs'), mine: join(root, 'mine') };
  beforeAll(() => {
    for (const d of Object.values(dirs)) {
      spawnSync('mkdir', ['-p', d]);
      writeFileSync(join(d, 'a'), A);
      writeFileSync(join(d, 'b'), B);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = async (who: 'theirs' | 'mine', args: string[]): Promise<Result> => {
    const d = dirs[who];
    const env = { KUBECONFIG: `${join(d, 'a')}:${join(d, 'b')}`, HOME: d };
    let r: Result;
    if (who === 'theirs') {
      const p = spawnSync(kubectlPath ?? 'kubectl', args, { env: { ...process.env, ...env, KUBECACHEDIR: join(d, 'cache') }, encoding: 'utf8' });
      r = { code: p.status ?? -1, stdout: p.stdout, stderr: p.stderr };
    } else {
      let stdout = '';
      let stderr = '';
      const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: async () => '', env });
      r = { code, stdout, stderr };
    }
    return { ...r, stdout: r.stdout.replaceAll(d, 'DIR'), stderr: r.stderr.replaceAll(d, 'DIR') };
  };
  const contexts = (who: 'theirs' | 'mine'): unknown => ['a', 'b'].map((f) => {
    const c = load(readFileSync(join(dirs[who], f), 'utf8')) as { contexts?: unknown; 'current-context'?: string };
    return { contexts: c.contexts, current: c['current-context'] };
  });

  it.each([
    ['get-contexts', ['config', 'get-contexts']],
    ['get-contexts one', ['config', 'get-contexts', 'second']],
    ['get-contexts -o name', ['config', 'get-contexts', '-o', 'name']],
    ['current-context', ['config', 'current-context']],
    ['view (redacted)', ['config', 'view']],
    ['view --raw', ['config', 'view', '--raw']],
    ['view --minify', ['config', 'view', '--minify']],
    ['use-context', ['config', 'use-context', 'second']],
    ['current-context after use-context', ['config', 'current-context']],
    ['use-context missing', ['config', 'use-context', 'nope']],
    ['set-context --current --namespace', ['config', 'set-context', '--current', '--namespace=team-b']],
    ['set-context another', ['config', 'set-context', 'first', '--namespace=x']],
    ['set-context new', ['config', 'set-context', 'third', '--cluster=two', '--user=bob']],
    ['get-contexts after edits', ['config', 'get-contexts']],
  ])('%s', async (_n, args) => {
    const theirs = await run('theirs', args);
    const mine = await run('mine', args);
    expect(mine).toEqual(theirs);
    expect(contexts('mine')).toEqual(contexts('theirs'));
  });
});
