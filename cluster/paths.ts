// Where a cluster keeps its state: $K8TS_HOME (default .k8ts/ in the checkout).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

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

/** Path of a compiled entry point, e.g. dist/apiserver/main.js. */
export function entry(component: string): string {
  return join(repoRoot(), 'dist', component, 'main.js');
}
