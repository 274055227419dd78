// What the sandbox and container operations share: paths under the runtime root, the runc
// wrapper, the state store, the pod network, the local images, and liveness checks.
import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { PodNetwork } from '../../network/index.js';
import type { LocalImages } from '../index.js';
import type { Runc } from './runc.js';
import type { StateStore } from './state.js';

export interface RuntimeContext {
  root: string;
  runc: Runc;
  runcBinary: string;
  conmonBinary: string;
  store: StateStore;
  network: PodNetwork;
  images: LocalImages;
  log: Logger;
  paths: {
    sandboxes: string;
    containers: string;
    exits: string;
    runcRoot: string;
    attach: string;
    pauseRootfs: string;
  };
}

export function sandboxDir(ctx: RuntimeContext, id: string): string { return join(ctx.paths.sandboxes, id); }
export function containerDir(ctx: RuntimeContext, id: string): string { return join(ctx.paths.containers, id); }
export function exitFile(ctx: RuntimeContext, id: string): string { return join(ctx.paths.exits, id); }

export interface ExitInfo { code: number; at: number; oom: boolean }

/** conmon's verdict on a finished container, or undefined while it runs (or never ran). */
export async function readExit(ctx: RuntimeContext, id: string, persistDir: string): Promise<ExitInfo | undefined> {
  const f = exitFile(ctx, id);
  let text: string;
  let at: number;
  try {
    text = await readFile(f, 'utf8');
    at = (await stat(f)).mtimeMs;
  } catch { return undefined; }
  const code = Number(text.trim());
  const oom = await stat(join(persistDir, 'oom')).then(() => true, () => false);
  return { code: Number.isFinite(code) ? code : 255, at: Math.floor(at), oom };
}

/** Whether a PID is alive and belongs to conmon (guards against PID reuse after a reboot). */
export async function conmonAlive(bundle: string): Promise<boolean> {
  const pid = Number((await readFile(join(bundle, 'conmon.pid'), 'utf8').catch(() => '')).trim());
  if (!(pid > 0)) return false;
  const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
  return comm.trim() === 'conmon';
}

export function pidAlive(pid: number | undefined): boolean {
  if (!pid || pid <= 0) return false;
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Waits (polling) until the exit file appears or `ms` pass; returns whether it appeared. */
export async function waitExit(ctx: RuntimeContext, id: string, ms: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await stat(exitFile(ctx, id)).then(() => true, () => false)) return true;
    if (Date.now() >= deadline || signal?.aborted) return false;
    await new Promise((r) => setTimeout(r, Math.min(25, Math.max(1, deadline - Date.now()))));
  }
}
