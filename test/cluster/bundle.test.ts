// scripts/bundle.mjs: each component's bundle loads in a plain Node process (CommonJS dependencies,
// files read at run time) and its preload entry exports what the compiled module it stands for does.
// Running the bundled components for real is test/cluster/secure.test.ts (`k8ts up` uses them).
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundleEntry, bundled, entry, repoRoot } from '../../cluster/common/paths.js';
import { etcdAvailable, kubectlAvailable, startEnvtest } from '../envtest.js';

const run = promisify(execFile);
const dist = join(repoRoot(), 'dist');
// component → the compiled module its bundle's preload entry stands for (as in scripts/bundle.mjs).
const preloads: Record<string, string> = {
  controllers: 'controllers/manager.js',
  scheduler: 'scheduler/run.js',
  kubelet: 'kubelet/kubelet.js',
  'kube-proxy': 'kube-proxy/server.js',
  'kube-proxy/dns': 'kube-proxy/dns/server.js',
};
const stale = (c: string): string => (bundled(c) ? '' : ` (skipped: no bundle, or it is older than dist/: npm run build)`);

/** The export names of a module, loaded in a fresh process. */
async function exportsOf(path: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(path)}); process.stdout.write(JSON.stringify(Object.keys(m).sort()));`], { timeout: 120_000 });
  return JSON.parse(stdout) as string[];
}

describe('component bundles', () => {
  for (const [component, lib] of Object.entries(preloads)) {
    it.skipIf(!bundled(component))(`${component}: the preload entry loads and exports what dist/${lib} does${stale(component)}`, async () => {
      const bundledExports = await exportsOf(join(bundleEntry(component, repoRoot()), '..', 'preload.js'));
      expect(bundledExports).toEqual(await exportsOf(join(dist, lib)));
      expect(bundledExports.length).toBeGreaterThan(0);
    }, 240_000);
  }

  it.skipIf(!etcdAvailable || !kubectlAvailable || !bundled('apiserver'))(`the apiserver bundle serves with real etcd and finds the generated OpenAPI definitions${etcdAvailable && kubectlAvailable ? stale('apiserver') : ' (skipped: needs etcd and kubectl)'}`, async () => {
    // envtest runs entry('apiserver') as its own process: the bundle, since it is built.
    expect(entry('apiserver')).toBe(bundleEntry('apiserver'));
    const env = await startEnvtest({ process: true });
    try {
      const created = await env.kubectl(['create', 'configmap', 'bundled', '--from-literal=a=b']);
      expect(created.stderr).toBe('');
      // Validation against the generated schemas (read next to the checkout, not the bundle).
      const invalid = await env.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bad' }, data: { a: 1 } }) });
      expect(invalid.code).not.toBe(0);
      const explained = await env.kubectl(['explain', 'configmap.data']);
      expect(explained.stdout).toContain('data');
    } finally {
      await env.stop();
    }
  }, 240_000);
});
