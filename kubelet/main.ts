#!/usr/bin/env node
// kubelet: flags → options → run(). Stops cleanly on SIGTERM / SIGINT.
import { runMain } from '../apimachinery/process.js';
import { parseKubeletFlags } from './options.js';
import { run } from './kubelet.js';

runMain('kubelet', () => parseKubeletFlags(process.argv.slice(2)), async (opts, signal) => {
  const k = await run(opts, signal);
  await k.done;
});
