#!/usr/bin/env node
// kube-proxy: flags → options → run(). Stops cleanly on SIGTERM / SIGINT (rules stay in place, as
// in Kubernetes; `--cleanup` removes them).
import { newLogger } from '../apimachinery/log.js';
import { runMain } from '../apimachinery/component/index.js';
import { parseKubeProxyFlags } from './options.js';
import { run } from './server.js';

void runMain('kube-proxy', () => parseKubeProxyFlags(process.argv.slice(2)), async (opts, signal) => {
  const running = await run(opts, signal, { logger: newLogger({ component: 'kube-proxy', level: opts.logLevel }) });
  await running.done;
});
