#!/usr/bin/env node
// kube-proxy: flags → options → run(). Stops cleanly on SIGTERM / SIGINT (rules stay in place, as
// in Kubernetes; `--cleanup` removes them).
import { newLogger } from '../apimachinery/log.js';
import { parseKubeProxyFlags } from './options.js';
import { run } from './server.js';

async function main(): Promise<void> {
  const opts = parseKubeProxyFlags(process.argv.slice(2));
  const logger = newLogger({ component: 'kube-proxy', level: opts.logLevel });
  const ac = new AbortController();
  process.on('SIGTERM', () => ac.abort());
  process.on('SIGINT', () => ac.abort());
  const running = await run(opts, ac.signal, { logger });
  await running.done;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`kube-proxy: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
