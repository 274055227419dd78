#!/usr/bin/env node
// kube-scheduler's command line: parse flags into SchedulerOptions and call run(); SIGTERM/SIGINT
// stop it cleanly. Lost leadership exits non-zero so a supervisor restarts the process.
import { componentLogger, runMain } from '../apimachinery/component/index.js';
import { parseFlags } from './options.js';
import { run } from './run.js';

void runMain('kube-scheduler', () => parseFlags(process.argv.slice(2)), async (opts, signal) => {
  await run({ ...opts, logger: componentLogger('scheduler', opts.logLevel) }, signal);
});
