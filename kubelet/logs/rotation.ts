// CRI container log rotation, as the kubelet's ContainerLogManager: every interval, each running
// container whose log is over --container-log-max-size is rotated: the live file is renamed to
// "<log>.<YYYYMMDD-hhmmss>", the runtime is asked to reopen its log (conmon starts a new file at
// the same path, which `kubectl logs` reads), older rotated files are gzipped, and only
// --container-log-max-files files are kept (the live one included).
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Logger } from '../../apimachinery/log.js';
import { errorMessage, sleepFor } from '../host/index.js';
import { isNotFound, type RuntimeService } from '../runtime/index.js';

export interface LogRotationOptions {
  runtime: Pick<RuntimeService, 'listContainers' | 'containerStatus' | 'reopenContainerLog'>;
  log: Logger;
  /** Bytes; a log larger than this is rotated. */
  maxSize: number;
  /** Files kept per container including the live one (≥ 2). */
  maxFiles: number;
  intervalMs: number;
  now?: () => number;
}

/** Go's "20060102-150405" (UTC). */
export function rotationStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** Rotated files of `logPath` (".<stamp>" or ".<stamp>.gz"), oldest first. */
export async function rotatedLogs(logPath: string): Promise<string[]> {
  const base = basename(logPath);
  const names = await readdir(dirname(logPath)).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(`${base}.`) && /^\d{8}-\d{6}(\.gz)?$/.test(n.slice(base.length + 1)))
    .sort().map((n) => join(dirname(logPath), n));
}

async function gzipFile(path: string): Promise<void> {
  const tmp = `${path}.gz.tmp`;
  await pipeline(createReadStream(path), createGzip(), createWriteStream(tmp));
  await rename(tmp, `${path}.gz`);
  await rm(path, { force: true });
}

export class ContainerLogManager {
  private readonly now: () => number;

  constructor(private readonly o: LogRotationOptions) {
    this.now = o.now ?? Date.now;
  }

  /** One pass over the running containers; returns the ids whose logs were rotated. */
  async rotateAll(): Promise<string[]> {
    const rotated: string[] = [];
    for (const c of await this.o.runtime.listContainers({ state: 'CONTAINER_RUNNING' })) {
      try {
        const st = await this.o.runtime.containerStatus(c.id);
        if (!st.logPath) continue;
        const size = (await stat(st.logPath).catch(() => undefined))?.size ?? 0;
        if (size <= this.o.maxSize) continue;
        if (await this.rotate(c.id, st.logPath)) rotated.push(c.id);
      } catch (err) {
        if (isNotFound(err)) continue; // removed meanwhile
        this.o.log.warn({ container: c.id, err: errorMessage(err) }, 'log rotation failed');
      }
    }
    return rotated;
  }

  private async rotate(id: string, logPath: string): Promise<boolean> {
    const target = `${logPath}.${rotationStamp(this.now())}`;
    if (await stat(target).then(() => true, () => false)) return false; // one rotation per second at most
    // Make room: keep maxFiles - 2 rotated files, so with the new one and the live file we have maxFiles.
    const old = await rotatedLogs(logPath);
    for (const f of old.slice(0, Math.max(0, old.length - (this.o.maxFiles - 2)))) await rm(f, { force: true });
    // Every rotated file but the newest is compressed.
    for (const f of (await rotatedLogs(logPath)).filter((f) => !f.endsWith('.gz'))) await gzipFile(f);
    await rename(logPath, target);
    try {
      await this.o.runtime.reopenContainerLog(id);
    } catch (err) {
      await rename(target, logPath).catch(() => undefined); // the writer still has the old file: undo
      throw err;
    }
    this.o.log.debug({ container: id, rotatedTo: target }, 'container log rotated');
    return true;
  }

  /** Rotates every intervalMs until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.rotateAll().catch((err: unknown) => this.o.log.warn({ err: errorMessage(err) }, 'log rotation pass failed'));
      await sleepFor(this.o.intervalMs, signal);
    }
  }
}
