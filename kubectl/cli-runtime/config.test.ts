import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClientConfig } from './config.js';
import { CliError } from './io.js';

const file = (cluster: string, server: string, ctx: string, ns: string | undefined, current?: string): string => `
apiVersion: v1
kind: Config
clusters: [{name: ${cluster}, cluster: {server: "${server}"}}]
users: [{name: u-${cluster}, user: {}}]
contexts: [{name: ${ctx}, context: {cluster: ${cluster}, user: u-${cluster}${ns ? `, namespace: ${ns}` : ''}}}]
${current ? `current-context: ${current}` : ''}
`;

const dir = mkdtempSync(join(tmpdir(), 'k8ts-kubectl-config-'));
const a = join(dir, 'a');
const b = join(dir, 'b');

describe('loadClientConfig', () => {
  beforeAll(() => {
    writeFileSync(a, file('one', 'http://127.0.0.1:1', 'first', 'team-a', 'first'));
    writeFileSync(b, file('two', 'http://127.0.0.1:2', 'second', undefined, 'second'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['--kubeconfig wins over KUBECONFIG', { kubeconfig: b }, { KUBECONFIG: a }, 'http://127.0.0.1:2', 'default'],
    ['KUBECONFIG with several files: the first current-context wins', {}, { KUBECONFIG: `${a}:${b}` }, 'http://127.0.0.1:1', 'team-a'],
    ['a context from the second file', { context: 'second' }, { KUBECONFIG: `${a}:${b}` }, 'http://127.0.0.1:2', 'default'],
    ['-n overrides the context namespace', { namespace: 'x' }, { KUBECONFIG: `${a}:${b}` }, 'http://127.0.0.1:1', 'x'],
    ['missing files in KUBECONFIG are skipped', {}, { KUBECONFIG: `${join(dir, 'nope')}:${b}` }, 'http://127.0.0.1:2', 'default'],
  ])('%s', async (_n, flags, env, server, namespace) => {
    const cfg = await loadClientConfig(flags, env);
    expect(cfg.connection.server).toBe(server);
    expect((await cfg.fullKubeConfig()).getCurrentCluster()?.server).toBe(server);
    expect(cfg.namespace).toBe(namespace);
  });

  it.each([
    ['an unknown context', { context: 'nope' }, 'error: context "nope" does not exist'],
    ['a missing --kubeconfig', { kubeconfig: '/does/not/exist' }, 'error: stat /does/not/exist: no such file or directory'],
  ])('rejects %s', async (_n, flags, message) => {
    await expect(loadClientConfig(flags, { KUBECONFIG: a })).rejects.toEqual(new CliError(message));
  });
});
