#!/usr/bin/env node
// kube-apiserver: flags → options → run(). Stops cleanly on SIGTERM / SIGINT.
import { parseApiServerFlags } from './options.js';
import { run } from './server/server.js';

const opts = parseApiServerFlags(process.argv.slice(2));
const ac = new AbortController();
process.on('SIGTERM', () => ac.abort());
process.on('SIGINT', () => ac.abort());
run(opts, ac.signal).then(
  async (server) => {
    await server.done;
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`kube-apiserver: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
