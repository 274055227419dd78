// kube-scheduler's command line: Kubernetes' flag names parsed into SchedulerOptions (run.ts).
import { logFlags, logLevelOf, parseFlags as parseFlagDefs, type FlagDefs } from '../apimachinery/component/index.js';
import type { SchedulerOptions } from './run.js';

/** kube-scheduler's flags. */
export const schedulerFlags = {
  kubeconfig: { type: 'string' },
  master: { type: 'string' },
  'scheduler-name': { type: 'string' },
  'leader-elect': { type: 'boolean' },
  'leader-elect-resource-name': { type: 'string' },
  'leader-elect-resource-namespace': { type: 'string' },
  config: { type: 'string' },
  'bind-address': { type: 'string' },
  'secure-port': { type: 'string' },
  ...logFlags,
} as const satisfies FlagDefs;

export function parseFlags(argv: string[]): SchedulerOptions & { logLevel?: string } {
  const { values } = parseFlagDefs(argv, schedulerFlags);
  const port = values['secure-port'] !== undefined ? Number(values['secure-port']) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new Error(`--secure-port: invalid port ${values['secure-port']}`);
  const le: SchedulerOptions['leaderElection'] = {};
  if (values['leader-elect-resource-name']) le.resourceName = values['leader-elect-resource-name'];
  if (values['leader-elect-resource-namespace']) le.resourceNamespace = values['leader-elect-resource-namespace'];
  return {
    kubeconfig: values.kubeconfig,
    master: values.master,
    schedulerName: values['scheduler-name'],
    leaderElect: values['leader-elect'],
    config: values.config,
    bindAddress: values['bind-address'],
    securePort: port,
    leaderElection: le,
    logLevel: logLevelOf(values),
  };
}
