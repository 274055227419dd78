// Where a cluster keeps its state: $K8TS_HOME (default .k8ts/ in the checkout).
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, readFileSync, statSync } from 'node:fs';

/** The checkout: the directory holding package.json above this file (source or dist). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export interface ClusterPaths {
  home: string;
  logs: string;
  run: string;
  etcdData: string;
  kubeconfig: string;
  supervisorPid: string;
  state: string;
}

export function clusterPaths(home = process.env.K8TS_HOME ?? join(repoRoot(), '.k8ts')): ClusterPaths {
  const h = resolve(home);
  return {
    home: h,
    logs: join(h, 'logs'),
    run: join(h, 'run'),
    etcdData: join(h, 'etcd'),
    kubeconfig: join(h, 'kubeconfig'),
    supervisorPid: join(h, 'run', 'supervisor.pid'),
    state: join(h, 'run', 'state.json'),
  };
}

/** Where scripts/bundle.mjs puts a component's bundle: dist/bundle/<component, / as ->/main.js. */
export function bundleEntry(component: string, root = repoRoot()): string {
  return join(root, 'dist', 'bundle', component.replaceAll('/', '-'), 'main.js');
}

/** Whether scripts/bundle.mjs bundled `component` and none of the files it was made from (under dist/,
 *  and package-lock.json) changed since (a stale bundle would run old code), and K8TS_NO_BUNDLE is unset. */
export function bundled(component: string, root = repoRoot()): boolean {
  if (process.env.K8TS_NO_BUNDLE) return false;
  const bundle = bundleEntry(component, root);
  const made = join(dirname(bundle), 'inputs.json');
  if (!existsSync(bundle) || !existsSync(made)) return false;
  try {
    const { bundledAt, inputs } = JSON.parse(readFileSync(made, 'utf8')) as { bundledAt: number; inputs: string[] };
    return inputs.every((f) => (statSync(join(root, f), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) <= bundledAt);
  } catch {
    return false;
  }
}

/** Path of a component's entry point: its bundle (dist/bundle/apiserver/main.js) when built, else the
 *  compiled one (dist/apiserver/main.js). The `k8ts` CLI itself (cluster) is not bundled. */
export function entry(component: string, root = repoRoot()): string {
  return bundled(component, root) ? bundleEntry(component, root) : join(root, 'dist', component, 'main.js');
}

/** What cluster/launch.ts preloads while the API server starts, for a component whose entry point is
 *  `main` (from entry()): a bundle's preload entry (which shares its chunks with the bundle's main),
 *  else client-node and the compiled module `lib`. */
export function launchPreloads(main: string, lib: string, root = repoRoot()): string[] {
  const bundleDir = join(root, 'dist', 'bundle');
  if (main.startsWith(bundleDir + sep)) return [join(dirname(main), 'preload.js')];
  return ['@kubernetes/client-node', lib];
}
