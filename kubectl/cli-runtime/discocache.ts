// kubectl's discovery cache, for start-up speed: the resolved resource list of a server kept in
// $KUBECACHEDIR (else ~/.kube/cache)/k8ts-discovery/<host_port>.json for six hours, as kubectl
// keeps its own. Callers refresh it when a type or kind is not found, as kubectl does.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiResource } from './discovery.js';

const TTL_MS = 6 * 3600 * 1000;

export function cacheFile(server: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const base = env.KUBECACHEDIR || (env.HOME ? join(env.HOME, '.kube', 'cache') : undefined);
  if (!base) return undefined;
  const u = new URL(server);
  return join(base, 'k8ts-discovery', `${u.hostname.replace(/[^\w.-]/g, '_')}_${u.port || (u.protocol === 'https:' ? '443' : '80')}.json`);
}

export function readCache(file: string | undefined, now = Date.now()): ApiResource[] | undefined {
  if (!file) return undefined;
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as { time?: number; resources?: ApiResource[] };
    if (typeof c.time !== 'number' || !Array.isArray(c.resources) || now - c.time > TTL_MS || c.time > now) return undefined;
    return c.resources;
  } catch {
    return undefined;
  }
}

/** Writes the cache atomically; a failure to write is not an error (the cache is an optimisation). */
export function writeCache(file: string | undefined, resources: ApiResource[], now = Date.now()): void {
  if (!file) return;
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ time: now, resources }));
    renameSync(tmp, file);
  } catch {
    // read-only home: run without a cache
  }
}
