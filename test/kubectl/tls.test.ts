// Golden over HTTPS: the mini-kubectl's light kubeconfig path (CA data, client certificates, bearer
// tokens — sent through client-node's request machinery) against an API server with TLS and
// authentication, beside the real kubectl: the admin's client certificate, another user's
// certificate, a static token, a wrong token (401), and a kubeconfig without credentials.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../kubectl/index.js';
import { startEnvtest, etcdAvailable, etcdSkipReason, kubectlAvailable, kubectlSkipReason, type TestApiServer, type KubectlResult } from '../envtest.js';

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`mini-kubectl over HTTPS with credentials${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  let dir: string;
  const configs: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'k8ts-kubectl-tls-'));
    const tokenFile = join(dir, 'tokens.csv');
    writeFileSync(tokenFile, 's3cr3t-token,alice,uid-alice,"system:masters"\n');
    env = await startEnvtest({ secure: { apiServer: { tokenAuthFile: tokenFile } } });
    const pki = env.pki;
    if (!pki) throw new Error('no PKI');
    configs.admin = env.kubeconfigPath;
    configs.bob = pki.kubeconfig('bob', { cert: await pki.clientCert('bob', ['system:masters']) });
    configs.alice = pki.kubeconfig('alice', { token: 's3cr3t-token' });
    configs.wrong = pki.kubeconfig('mallory', { token: 'not-a-token' });
    const r = await env.kubectl(['create', 'configmap', 'hello', '--from-literal=a=1']);
    if (r.code !== 0) throw new Error(r.stderr);
  });
  afterAll(async () => {
    await env?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const ours = async (kubeconfig: string, args: string[]): Promise<KubectlResult> => {
    let stdout = '';
    let stderr = '';
    const code = await main(['--kubeconfig', kubeconfig, ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), readStdin: async () => '', env: { HOME: env.dir } });
    return { code, stdout, stderr };
  };

  it.each([
    ['admin (client certificate, CA data)', 'admin', ['get', 'configmap', 'hello', '-o', 'jsonpath={.data.a}']],
    ['another client certificate', 'bob', ['get', 'configmaps', '-o', 'name']],
    ['a static bearer token', 'alice', ['get', 'configmap', 'hello', '-o', 'yaml']],
    ['a wrong token', 'wrong', ['get', 'configmaps', '-o', 'name']],
  ])('%s', async (_n, who, args) => {
    const theirs = await env.kubectl(args, { kubeconfig: configs[who] });
    const mine = await ours(configs[who], args);
    expect({ who, ...mine }).toEqual({ who, ...theirs });
  });

  it('uses client-node\'s full KubeConfig for an exec credential plugin, like kubectl', async () => {
    const { parse: load, stringify: dump } = await import('yaml');
    const { chmodSync, readFileSync } = await import('node:fs');
    const plugin = join(dir, 'cred.sh');
    writeFileSync(plugin, `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"s3cr3t-token"}}'\n`);
    chmodSync(plugin, 0o755);
    const cfg = load(readFileSync(configs.alice, 'utf8')) as { users: { user: Record<string, unknown> }[] };
    cfg.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } };
    const file = join(dir, 'exec.kubeconfig');
    writeFileSync(file, dump(cfg));
    const args = ['get', 'configmap', 'hello', '-o', 'jsonpath={.metadata.name}'];
    const theirs = await env.kubectl(args, { kubeconfig: file });
    expect(await ours(file, args)).toEqual(theirs);
    expect(theirs.stdout).toBe('hello');
  });

  it('reports a missing login like kubectl when the kubeconfig has no credentials', async () => {
    // (the real kubectl prompts for a username on a terminal here, so only ours is checked)
    const none = env.pki?.kubeconfig('nobody', {}) ?? '';
    expect(await ours(none, ['get', 'configmaps'])).toEqual({ code: 1, stdout: '', stderr: 'error: You must be logged in to the server (Unauthorized)\n' });
  });
});
