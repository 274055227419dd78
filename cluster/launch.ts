#!/usr/bin/env node
// Starts a component once the API server answers, having loaded its modules meanwhile: the
// supervisor launches every component together with the API server, so their (slow) module
// loading overlaps the API server's start instead of following it, and components that give up
// when the API server is not there yet (the kubelet registers once) start when it is.
// With --nice N the wait and the preloading run at a lower CPU priority, so that on a small machine
// the API server (on the critical path) is not slowed by components that cannot run before it;
// the priority goes back to normal once it answers (which needs root: pass --nice only as root).
//   node dist/cluster/launch.js --wait URL [--ca FILE] [--nice N] [--preload MODULE]… -- ENTRY [ARGS…]
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { waitHealthy } from './probe.js';

export interface LaunchArgs {
  wait: string;
  ca?: string;
  nice?: number;
  preload: string[];
  entry: string;
  args: string[];
}

export function parseLaunchArgs(argv: string[]): LaunchArgs {
  const sep = argv.indexOf('--');
  if (sep < 0 || sep === argv.length - 1) throw new Error('usage: launch --wait URL [--ca FILE] [--preload MODULE]… -- ENTRY [ARGS…]');
  const { values } = parseArgs({ args: argv.slice(0, sep), options: { wait: { type: 'string' }, ca: { type: 'string' }, nice: { type: 'string' }, preload: { type: 'string', multiple: true } }, strict: true });
  if (!values.wait) throw new Error('launch: --wait URL is required');
  const nice = values.nice === undefined ? undefined : Number(values.nice);
  if (nice !== undefined && (!Number.isInteger(nice) || nice < 0 || nice > 19)) throw new Error('launch: --nice takes 0..19');
  return { wait: values.wait, ca: values.ca, nice, preload: values.preload ?? [], entry: argv[sep + 1]!, args: argv.slice(sep + 2) };
}

/** The launch arguments that run `entry args` once `wait` answers 200, preloading `preload`. */
export function launchArgv(l: LaunchArgs): string[] {
  return ['--wait', l.wait, ...(l.ca ? ['--ca', l.ca] : []), ...(l.nice !== undefined ? ['--nice', String(l.nice)] : []), ...l.preload.flatMap((p) => ['--preload', p]), '--', l.entry, ...l.args];
}

async function main(): Promise<void> {
  const l = parseLaunchArgs(process.argv.slice(2));
  const ac = new AbortController();
  const stop = (): void => {
    ac.abort();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (l.nice) setPriority(l.nice);
  const preloaded = Promise.all(l.preload.map((m) => import(m.startsWith('/') ? pathToFileURL(m).href : m)));
  await waitHealthy(l.wait, ac.signal, { ca: l.ca ? readFileSync(l.ca, 'utf8') : undefined, timeoutMs: 600_000, intervalMs: 25 });
  if (l.nice) {
    try {
      setPriority(0);
    } catch {
      // not allowed (not root): stay lower; the component still runs
    }
  }
  await preloaded;
  process.removeListener('SIGTERM', stop);
  process.removeListener('SIGINT', stop);
  // The component sees the command line it would have had if started directly.
  process.argv = [process.argv[0]!, resolve(l.entry), ...l.args];
  await import(pathToFileURL(resolve(l.entry)).href);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`launch: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
