// `k8ts kubectl …` runs the bundled mini-kubectl against the cluster's admin kubeconfig
// ($K8TS_HOME/kubeconfig) unless KUBECONFIG is set.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../cluster/common/paths.js';

const cli = join(repoRoot(), 'dist', 'cluster', 'main.js');
const built = existsSync(cli) && existsSync(join(repoRoot(), 'dist', 'kubectl', 'main.js'));
const run = promisify(execFile);

const kubeconfig = (server: string): string => `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "${server}" } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: ctx, context: { cluster: c, user: u } }]
current-context: ctx
`;

describe.skipIf(!built)(`k8ts kubectl${built ? '' : ' (skipped: run the build first, dist/ is missing)'}`, () => {
  const home = mkdtempSync(join(tmpdir(), 'k8ts-kubectl-cmd-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('uses $K8TS_HOME/kubeconfig by default, KUBECONFIG when set', async () => {
    writeFileSync(join(home, 'kubeconfig'), kubeconfig('https://10.0.0.1:6443'));
    const other = join(home, 'other');
    writeFileSync(other, kubeconfig('https://10.0.0.2:6443'));
    const env = { ...process.env, K8TS_HOME: home };
    delete env.KUBECONFIG;
    const mine = await run(process.execPath, [cli, 'kubectl', 'config', 'view'], { env });
    expect(mine.stdout).toContain('server: https://10.0.0.1:6443');
    const theirs = await run(process.execPath, [cli, 'kubectl', 'config', 'view'], { env: { ...env, KUBECONFIG: other } });
    expect(theirs.stdout).toContain('server: https://10.0.0.2:6443');
    expect(theirs.stdout).not.toContain('10.0.0.1');
  });

  it('passes the exit code through', async () => {
    const env = { ...process.env, K8TS_HOME: home };
    await expect(run(process.execPath, [cli, 'kubectl', 'no-such-command'], { env })).rejects.toMatchObject({ code: 1 });
  });
});
