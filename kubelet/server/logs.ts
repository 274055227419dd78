// Container logs from CRI log files ("<RFC3339Nano> <stream> <F|P> <content>" per line): tailLines,
// sinceSeconds, timestamps, limitBytes, and follow (polling the file until the container stops or
// the client goes away). The CRI prefix is stripped; with timestamps the time is kept in front.
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { sleepFor } from '../host/index.js';
import { queryBool } from '../../apimachinery/params.js';

export interface LogOptions {
  follow: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: number;
  timestamps: boolean;
  limitBytes?: number;
}

export interface CriLine { time: string; stream: string; partial: boolean; content: string }

export function parseCriLine(line: string): CriLine | undefined {
  const a = line.indexOf(' ');
  const b = a < 0 ? -1 : line.indexOf(' ', a + 1);
  if (a < 0 || b < 0) return undefined;
  const c = line.indexOf(' ', b + 1);
  const tag = c < 0 ? line.slice(b + 1) : line.slice(b + 1, c);
  if (tag !== 'F' && tag !== 'P' && !tag.startsWith('F:') && !tag.startsWith('P:')) return undefined;
  return { time: line.slice(0, a), stream: line.slice(a + 1, b), partial: tag.startsWith('P'), content: c < 0 ? '' : line.slice(c + 1) };
}

/** What the client sees for one CRI line. */
export function renderLine(l: CriLine, timestamps: boolean): string {
  return `${timestamps ? `${l.time} ` : ''}${l.content}${l.partial ? '' : '\n'}`;
}

/**
 * A boolean query parameter as Kubernetes' parameter codec reads it: absent is false, otherwise only
 * "0" and "false" (any case) are false — the Python client sends follow=True.
 */
export function queryFlag(q: URLSearchParams, k: string): boolean {
  return queryBool(q.get(k));
}

/** Parses Kubernetes' log query parameters. */
export function logOptions(q: URLSearchParams): LogOptions {
  const bool = (k: string): boolean => queryFlag(q, k);
  const num = (k: string): number | undefined => {
    const v = q.get(k);
    if (v === null || v === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
  };
  const sinceTime = q.get('sinceTime');
  return {
    follow: bool('follow'), timestamps: bool('timestamps'), tailLines: num('tailLines'), sinceSeconds: num('sinceSeconds'),
    limitBytes: num('limitBytes'), ...(sinceTime ? { sinceTime: Date.parse(sinceTime) } : {}),
  };
}

function selectLines(lines: CriLine[], o: LogOptions, now: number): CriLine[] {
  let out = lines;
  const since = o.sinceTime ?? (o.sinceSeconds !== undefined ? now - o.sinceSeconds * 1000 : undefined);
  if (since !== undefined) out = out.filter((l) => Date.parse(l.time) >= since);
  if (o.tailLines !== undefined) {
    // Count whole lines (a run of partials and its final F is one line).
    let seen = 0;
    let i = out.length;
    while (i > 0) {
      if (!out[i - 1]!.partial) {
        if (seen === o.tailLines) break;
        seen++;
      }
      i--;
    }
    out = out.slice(i);
  }
  return out;
}

/**
 * Writes the log at `path` to `out`. With follow, keeps reading new lines until `running()` says
 * the container stopped (and the file is drained) or `signal` aborts.
 */
export async function streamLog(path: string, o: LogOptions, out: Writable, running: () => Promise<boolean>, signal: AbortSignal, now = Date.now()): Promise<void> {
  let fh = await open(path, 'r').catch(() => undefined);
  let budget = o.limitBytes ?? Infinity;
  const write = (s: string): boolean => {
    if (budget <= 0) return false;
    const b = Buffer.from(s);
    const chunk = b.length > budget ? b.subarray(0, budget) : b;
    budget -= chunk.length;
    out.write(chunk);
    return budget > 0;
  };
  if (!fh) return;
  try {
    let pos = 0;
    let rest = '';
    const readNew = async (): Promise<CriLine[]> => {
      const size = (await fh!.stat()).size;
      if (size < pos) pos = 0; // truncated or rotated in place
      if (size === pos) return [];
      const buf = Buffer.alloc(size - pos);
      const { bytesRead } = await fh!.read(buf, 0, buf.length, pos);
      pos += bytesRead;
      const text = rest + buf.subarray(0, bytesRead).toString('utf8');
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      return parts.map(parseCriLine).filter((l): l is CriLine => l !== undefined);
    };
    for (const l of selectLines(await readNew(), o, now)) if (!write(renderLine(l, o.timestamps))) return;
    if (!o.follow) return;
    while (!signal.aborted) {
      const alive = await running();
      const lines = await readNew();
      for (const l of lines) if (!write(renderLine(l, o.timestamps))) return;
      // Rotated (the file at `path` is a new one): the old one is drained, go on with the new one.
      if (await rotated(path, fh)) {
        const next = await open(path, 'r').catch(() => undefined);
        if (next) {
          await fh.close();
          fh = next;
          pos = 0;
          rest = '';
          continue;
        }
      }
      if (!alive && lines.length === 0) return;
      await sleepFor(200, signal);
    }
  } finally {
    await fh.close();
  }
}

/** Whether `path` now names another file than the one open as `fh` (log rotation renamed it). */
async function rotated(path: string, fh: FileHandle): Promise<boolean> {
  const now = await stat(path).catch(() => undefined);
  return now !== undefined && now.ino !== (await fh.stat()).ino;
}

export async function fileExists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}
