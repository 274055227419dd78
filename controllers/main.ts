#!/usr/bin/env node
// kube-controller-manager's command line: flags (Kubernetes' names) → ControllerManagerOptions →
// run(). SIGTERM/SIGINT stop it cleanly; lost leadership exits non-zero so a supervisor restarts it.
import { componentLogger, runMain } from '../apimachinery/component/index.js';
import { run } from './manager.js';
import { parseFlags } from './options.js';

void runMain('kube-controller-manager', () => parseFlags(process.argv.slice(2)), async (opts, signal) => {
  await run({ ...opts, logger: componentLogger('kube-controller-manager', opts.logLevel) }, signal);
});
