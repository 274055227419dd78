// Named network namespaces (`ip netns`): /run/netns/<name> is a bind mount of a namespace, so the
// namespace outlives every process in it until deleted.
import { access } from 'node:fs/promises';
import { run, runOk } from '../host/index.js';

const NETNS_DIR = '/run/netns';

export function netnsPath(name: string): string { return `${NETNS_DIR}/${name}`; }

export async function netnsExists(name: string): Promise<boolean> {
  try { await access(netnsPath(name)); return true; } catch { return false; }
}

/** Creates the namespace (with lo down; the loopback CNI plugin brings it up). */
export async function createNetns(name: string, signal?: AbortSignal): Promise<string> {
  await runOk('ip', ['netns', 'add', name], { signal });
  return netnsPath(name);
}

/** Deletes the namespace; a missing one is not an error. */
export async function deleteNetns(name: string, signal?: AbortSignal): Promise<void> {
  if (!(await netnsExists(name))) return;
  const r = await run('ip', ['netns', 'delete', name], { signal });
  if (r.code !== 0 && (await netnsExists(name))) {
    await runOk('ip', ['netns', 'delete', name], { signal });
  }
}
