// kube-scheduler's command line: parse flags into SchedulerOptions and call run(); SIGTERM/SIGINT
// stop it cleanly. Lost leadership exits non-zero so a supervisor restarts the process.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { newLogger } from '../apimachinery/log.js';
import { run, type SchedulerOptions } from './run.js';

/** Kubernetes-style booleans: "--leader-elect", "--leader-elect=false". */
function normaliseBoolFlags(argv: string[], names: string[]): string[] {
  return argv.map((a) => (names.some((n) => a === `--${n}`) ? `${a}=true` : a));
}

function parseBool(name: string, v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new Error(`--${name}: expected true or false, got ${JSON.stringify(v)}`);
}

export function parseFlags(argv: string[]): SchedulerOptions & { logLevel?: string } {
  const { values } = parseArgs({
    args: normaliseBoolFlags(argv, ['leader-elect']),
    options: {
      kubeconfig: { type: 'string' },
      master: { type: 'string' },
      'scheduler-name': { type: 'string' },
      'leader-elect': { type: 'string' },
      'leader-elect-resource-name': { type: 'string' },
      'leader-elect-resource-namespace': { type: 'string' },
      config: { type: 'string' },
      'bind-address': { type: 'string' },
      'secure-port': { type: 'string' },
      v: { type: 'string' },
      'log-level': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = values['secure-port'] !== undefined ? Number(values['secure-port']) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new Error(`--secure-port: invalid port ${values['secure-port']}`);
  const le: SchedulerOptions['leaderElection'] = {};
  if (values['leader-elect-resource-name']) le.resourceName = values['leader-elect-resource-name'];
  if (values['leader-elect-resource-namespace']) le.resourceNamespace = values['leader-elect-resource-namespace'];
  return {
    kubeconfig: values.kubeconfig,
    master: values.master,
    schedulerName: values['scheduler-name'],
    leaderElect: parseBool('leader-elect', values['leader-elect']),
    config: values.config,
    bindAddress: values['bind-address'],
    securePort: port,
    leaderElection: le,
    logLevel: values['log-level'] ?? (values.v && Number(values.v) >= 4 ? 'debug' : undefined),
  };
}

async function main(): Promise<void> {
  const opts = parseFlags(process.argv.slice(2));
  const logger = newLogger({ component: 'scheduler', level: opts.logLevel });
  const ac = new AbortController();
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => ac.abort(new Error(`received ${sig}`)));
  try {
    await run({ ...opts, logger }, ac.signal);
  } catch (err) {
    logger.fatal({ err }, 'scheduler failed');
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main();
}
