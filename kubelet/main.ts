#!/usr/bin/env node
// kubelet: flags → options → run(). Stops cleanly on SIGTERM / SIGINT.
import { parseKubeletFlags } from './options.js';
import { run } from './kubelet.js';

let opts;
try {
  opts = parseKubeletFlags(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`kubelet: ${(err as Error).message}\n`);
  process.exit(2);
}
const ac = new AbortController();
process.on('SIGTERM', () => ac.abort());
process.on('SIGINT', () => ac.abort());
run(opts, ac.signal).then(
  async (k) => {
    await k.done;
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`kubelet: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
