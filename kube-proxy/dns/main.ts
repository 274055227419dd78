#!/usr/bin/env node
// Cluster DNS (the CoreDNS role): flags → options → run(). Stops cleanly on SIGTERM / SIGINT.
import { newLogger } from '../../apimachinery/log.js';
import { parseDnsFlags } from './options.js';
import { run } from './server.js';

async function main(): Promise<void> {
  const opts = parseDnsFlags(process.argv.slice(2));
  const logger = newLogger({ component: 'cluster-dns', level: opts.logLevel });
  const ac = new AbortController();
  process.on('SIGTERM', () => ac.abort());
  process.on('SIGINT', () => ac.abort());
  const running = await run(opts, ac.signal, { logger });
  await running.done;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`cluster-dns: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
