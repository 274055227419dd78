#!/usr/bin/env node
// kubelet: flags → options → run(). Stops cleanly on SIGTERM / SIGINT.
import { runMain } from '../apimachinery/component/index.js';
import { loadKubeConfig } from '../apimachinery/client.js';
import { newLogger } from '../apimachinery/log.js';
import { parseKubeletFlags } from './options.js';
import { run } from './kubelet.js';
import { startNodeRoutes, takeNodeRoutesFlag } from './network/routes.js';

void runMain('kubelet', () => {
  const { argv, nodeRoutes } = takeNodeRoutesFlag(process.argv.slice(2));
  return { ...parseKubeletFlags(argv), nodeRoutes };
}, async (opts, signal) => {
  const k = await run(opts, signal);
  // Cross-node pod routes (host-gw), on by default with runc: --node-routes=false turns them off.
  const routes = startNodeRoutes({ ...opts, enabled: opts.nodeRoutes, kc: loadKubeConfig({ kubeconfig: opts.kubeconfig, server: opts.server }),
    log: newLogger({ component: 'kubelet', level: opts.logLevel }) }, signal);
  await Promise.all([k.done, routes]);
});
