#!/usr/bin/env node
// Cluster DNS (the CoreDNS role): flags → options → run(). Stops cleanly on SIGTERM / SIGINT.
import { newLogger } from '../../apimachinery/log.js';
import { runMain } from '../../apimachinery/component/index.js';
import { parseDnsFlags } from './options.js';
import { run } from './server.js';

void runMain('cluster-dns', () => parseDnsFlags(process.argv.slice(2)), async (opts, signal) => {
  const running = await run(opts, signal, { logger: newLogger({ component: 'cluster-dns', level: opts.logLevel }) });
  await running.done;
});
