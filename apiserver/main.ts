#!/usr/bin/env node
// kube-apiserver: flags → options → run(). Stops cleanly on SIGTERM / SIGINT.
import { runMain } from '../apimachinery/component/index.js';
import { parseApiServerFlags } from './options.js';
import { run } from './server/server.js';

void runMain('kube-apiserver', () => parseApiServerFlags(process.argv.slice(2)), async (opts, signal) => {
  const server = await run(opts, signal);
  await server.done;
});
