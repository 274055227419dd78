// The mini-kubectl's command line: global flags (--kubeconfig, --context, -n), per-command flags
// (node:util parseArgs), dispatch to the commands, and kubectl's error lines and exit codes.
// `main(argv, io)` runs in-process (tests); kubectl/main.ts wires it to the real process.
import { parseArgs } from 'node:util';
import { invalidFlag, parseBool } from '../apimachinery/component/index.js';
import { loadClientConfig } from './cli-runtime/config.js';
import { CliError, type IO } from './cli-runtime/io.js';
import type { Session } from './cli-runtime/session.js';

type Spec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }>;

const GLOBAL: Spec = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  v: { type: 'string' },
};

const COMMANDS: Record<string, Spec> = {
  get: { output: { type: 'string', short: 'o' }, selector: { type: 'string', short: 'l' }, 'field-selector': { type: 'string' }, 'all-namespaces': { type: 'boolean', short: 'A' }, 'show-labels': { type: 'boolean' }, 'show-managed-fields': { type: 'boolean' }, watch: { type: 'boolean', short: 'w' }, 'watch-only': { type: 'boolean' } },
  apply: { filename: { type: 'string', short: 'f', multiple: true }, recursive: { type: 'boolean', short: 'R' }, 'server-side': { type: 'boolean' }, 'field-manager': { type: 'string' }, 'force-conflicts': { type: 'boolean' } },
  create: { filename: { type: 'string', short: 'f', multiple: true }, recursive: { type: 'boolean', short: 'R' } },
  delete: {
    filename: { type: 'string', short: 'f', multiple: true },
    recursive: { type: 'boolean', short: 'R' },
    selector: { type: 'string', short: 'l' },
    all: { type: 'boolean' },
    'all-namespaces': { type: 'boolean', short: 'A' },
    wait: { type: 'boolean', default: true },
    'ignore-not-found': { type: 'boolean' },
    cascade: { type: 'string' },
    'grace-period': { type: 'string' },
    force: { type: 'boolean' },
    now: { type: 'boolean' },
  },
  scale: { replicas: { type: 'string' } },
  label: { overwrite: { type: 'boolean' } },
  annotate: { overwrite: { type: 'boolean' } },
  logs: { container: { type: 'string', short: 'c' }, follow: { type: 'boolean', short: 'f' }, tail: { type: 'string' }, previous: { type: 'boolean', short: 'p' }, timestamps: { type: 'boolean' } },
  describe: { selector: { type: 'string', short: 'l' }, 'all-namespaces': { type: 'boolean', short: 'A' }, 'show-events': { type: 'boolean', default: true } },
  exec: { container: { type: 'string', short: 'c' }, stdin: { type: 'boolean', short: 'i' }, tty: { type: 'boolean', short: 't' } },
  'port-forward': { address: { type: 'string' } },
  rollout: { revision: { type: 'string' }, watch: { type: 'boolean', short: 'w', default: true }, timeout: { type: 'string' }, 'to-revision': { type: 'string' } },
  config: { output: { type: 'string', short: 'o' }, minify: { type: 'boolean' }, raw: { type: 'boolean' }, current: { type: 'boolean' }, cluster: { type: 'string' }, user: { type: 'string' } },
  set: { container: { type: 'string', short: 'c' }, list: { type: 'boolean' } },
  cordon: {},
  uncordon: {},
  drain: { force: { type: 'boolean' }, 'ignore-daemonsets': { type: 'boolean' }, 'delete-emptydir-data': { type: 'boolean' }, 'grace-period': { type: 'string' }, timeout: { type: 'string' } },
  wait: { for: { type: 'string' }, timeout: { type: 'string' }, selector: { type: 'string', short: 'l' }, all: { type: 'boolean' } },
  events: { 'all-namespaces': { type: 'boolean', short: 'A' }, for: { type: 'string' }, types: { type: 'string' } },
  explain: { recursive: { type: 'boolean' } },
  'cluster-info': {},
  auth: { 'all-namespaces': { type: 'boolean', short: 'A' }, subresource: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, output: { type: 'string', short: 'o' } },
  edit: { output: { type: 'string', short: 'o' } },
  why: { output: { type: 'string', short: 'o' }, tail: { type: 'string' }, 'scheduler-url': { type: 'string' } },
  version: { output: { type: 'string', short: 'o' } },
  'api-resources': { namespaced: { type: 'string' }, 'api-group': { type: 'string' }, output: { type: 'string', short: 'o' } },
};

const GLOBAL_WITH_VALUE = new Set(['--kubeconfig', '--context', '--namespace', '-n', '-v']);

/** Finds the subcommand: the first argument that is neither a flag nor a global flag's value. */
function findCommand(argv: string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (GLOBAL_WITH_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) return i;
  }
  return -1;
}

/**
 * parseArgs has no `--flag=false`; rewrite boolean `--x=<strconv.ParseBool>` into presence/absence
 * (parseArgs is kept here for kubectl's short flags, -o, -n, -l…).
 */
function normaliseBooleans(argv: string[], spec: Spec): { argv: string[]; falses: Set<string> } {
  const falses = new Set<string>();
  const out: string[] = [];
  for (const a of argv) {
    const m = /^--([^=]+)=(.*)$/s.exec(a);
    if (m && spec[m[1]]?.type === 'boolean') {
      let on: boolean;
      try {
        on = parseBool(m[2]);
      } catch (e) {
        throw new CliError(`Error: ${invalidFlag(m[1], m[2], e).message}`);
      }
      if (on) out.push(`--${m[1]}`);
      else falses.add(m[1]);
    } else out.push(a);
  }
  return { argv: out, falses };
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export async function main(argv: string[], io: IO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(e.message + '\n');
      return e.exitCode;
    }
    const code = (e as { code?: string }).code;
    if (code === 'ECONNREFUSED') {
      const addr = e as { address?: string; port?: number };
      io.stderr(`The connection to the server ${addr.address ?? 'localhost'}:${addr.port ?? ''} was refused - did you specify the right host or port?\n`);
      return 1;
    }
    io.stderr(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

async function run(argv: string[], io: IO): Promise<number> {
  const at = findCommand(argv);
  if (at < 0) {
    io.stderr('error: a command is required (get, describe, apply, create, delete, edit, scale, label, annotate, logs, exec, port-forward, rollout, set, cordon, uncordon, drain, wait, events, explain, config, cluster-info, auth, api-resources, version, why)\n');
    return 1;
  }
  const command = argv[at];
  const cmdSpec = COMMANDS[command];
  if (!cmdSpec) throw new CliError(`error: unknown command "${command}" for "kubectl"`);
  const spec: Spec = { ...GLOBAL, ...cmdSpec };
  const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
  const dashdash = rest.indexOf('--');
  const norm = normaliseBooleans(dashdash < 0 ? rest : rest.slice(0, dashdash), spec);
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: norm.argv, options: spec, allowPositionals: true, strict: true }));
  } catch (e) {
    const m = /'(-[^' ]+)/.exec((e as Error).message);
    throw new CliError(`Error: unknown flag: ${m ? m[1] : (e as Error).message}\nSee 'kubectl ${command} --help' for usage.`);
  }
  for (const f of norm.falses) values[f] = false;
  if (dashdash >= 0) positionals.push(...rest.slice(dashdash + 1));
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const bool = (k: string): boolean => values[k] === true;
  const list = (k: string): string[] => { const v = values[k]; return Array.isArray(v) ? v.map(String) : []; };

  const cfg = await loadClientConfig({ kubeconfig: str('kubeconfig'), context: str('context'), namespace: str('namespace') }, io.env);
  if (command === 'config') {
    const { configCommand } = await import('./configcmd.js');
    const { configFiles } = await import('./cli-runtime/kubeconfig.js');
    return configCommand({ sub: positionals[0] ?? '', args: positionals.slice(1), loaded: cfg.loaded, firstFile: configFiles(str('kubeconfig'), io.env)[0], context: str('context'), output: str('output'), minify: bool('minify'), raw: bool('raw'), current: bool('current'), namespace: str('namespace'), cluster: str('cluster'), user: str('user') }, io);
  }
  const { Session } = await import('./cli-runtime/session.js');
  const s: Session = new Session(cfg, io.env);
  // a type missing from cached discovery may be new: refresh and run once more (before any output)
  let wrote = false;
  const tracked: IO = { ...io, stdout: (t) => ((wrote = true), io.stdout(t)), stderr: (t) => ((wrote = true), io.stderr(t)) };
  try {
    return await dispatch(command, s, positionals, values, rest, dashdash, tracked);
  } catch (e) {
    if (!(e instanceof CliError) || !s.usedCache || wrote || !/doesn't have a resource type|resource mapping not found/.test(e.message)) throw e;
    await s.refresh();
    return dispatch(command, s, positionals, values, rest, dashdash, io);
  }
}

async function dispatch(command: string, s: Session, positionals: string[], values: Values, rest: string[], dashdash: number, io: IO): Promise<number> {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const bool = (k: string): boolean => values[k] === true;
  const list = (k: string): string[] => { const v = values[k]; return Array.isArray(v) ? v.map(String) : []; };

  switch (command) {
    case 'get': {
      const { get } = await import('./get.js');
      return get(s, { args: positionals, output: str('output'), selector: str('selector'), fieldSelector: str('field-selector'), allNamespaces: bool('all-namespaces'), showLabels: bool('show-labels'), showManagedFields: bool('show-managed-fields'), watch: bool('watch'), watchOnly: bool('watch-only') }, io);
    }
    case 'apply':
    case 'create': {
      const { apply } = await import('./apply.js');
      if (positionals.length) throw new CliError(`error: Unexpected args: [${positionals.join(' ')}]\nSee 'kubectl ${command} -h' for help and examples`);
      return apply(s, { filenames: list('filename'), recursive: bool('recursive'), create: command === 'create', serverSide: bool('server-side'), fieldManager: str('field-manager'), forceConflicts: bool('force-conflicts') }, io);
    }
    case 'delete': {
      const { del } = await import('./delete.js');
      return del(s, { args: positionals, filenames: list('filename'), recursive: bool('recursive'), selector: str('selector'), all: bool('all'), allNamespaces: bool('all-namespaces'), wait: values.wait !== false, ignoreNotFound: bool('ignore-not-found'), cascade: str('cascade'), gracePeriod: str('grace-period') === undefined ? undefined : Number(str('grace-period')), force: bool('force'), now: bool('now') }, io);
    }
    case 'scale': {
      const { scale } = await import('./mutate.js');
      return scale(s, positionals, str('replicas'), io);
    }
    case 'label':
    case 'annotate': {
      const { labelOrAnnotate } = await import('./mutate.js');
      return labelOrAnnotate(s, { field: command === 'label' ? 'labels' : 'annotations', args: positionals, overwrite: bool('overwrite') }, io);
    }
    case 'logs': {
      const { logs } = await import('./logs.js');
      return logs(s, { args: positionals, container: str('container'), follow: bool('follow'), tail: str('tail'), previous: bool('previous'), timestamps: bool('timestamps') }, io);
    }
    case 'describe': {
      const { describe } = await import('./describe/index.js');
      return describe(s, { args: positionals, selector: str('selector'), allNamespaces: bool('all-namespaces'), showEvents: values['show-events'] !== false }, io);
    }
    case 'exec': {
      const { exec } = await import('./exec.js');
      return exec(s, { args: positionals.slice(0, dashdash >= 0 ? positionals.length - (rest.length - dashdash - 1) : positionals.length), command: dashdash >= 0 ? rest.slice(dashdash + 1) : [], container: str('container'), stdin: bool('stdin'), tty: bool('tty') }, io);
    }
    case 'port-forward': {
      const { portForward } = await import('./portforward.js');
      return portForward(s, { args: positionals, address: str('address') }, io);
    }
    case 'rollout': {
      const { rollout } = await import('./rollout.js');
      return rollout(s, { sub: positionals[0] ?? '', args: positionals.slice(1), revision: str('revision') ?? str('to-revision'), watch: values.watch !== false, timeout: str('timeout') }, io);
    }
    case 'set': {
      if (positionals[0] === 'env') {
        const { setEnv } = await import('./setenv.js');
        return setEnv(s, { args: positionals.slice(1), container: str('container'), list: bool('list') }, io);
      }
      if (positionals[0] !== 'image') throw new CliError(`error: unknown command "${positionals[0] ?? ''}" for "kubectl set" (this mini-kubectl has set image and set env)`);
      const { setImage } = await import('./misc.js');
      return setImage(s, positionals.slice(1), io);
    }
    case 'cordon':
    case 'uncordon': {
      const { cordon } = await import('./nodes.js');
      return cordon(s, positionals, command === 'cordon', io);
    }
    case 'drain': {
      const { drain } = await import('./nodes.js');
      const { parseTimeout } = await import('./wait.js');
      const grace = str('grace-period');
      return drain(s, positionals[0], { force: bool('force'), ignoreDaemonsets: bool('ignore-daemonsets'), deleteEmptydirData: bool('delete-emptydir-data'), gracePeriod: grace === undefined ? undefined : Number(grace), timeoutMs: str('timeout') ? parseTimeout(str('timeout'), 0) : undefined }, io);
    }
    case 'wait': {
      const { wait } = await import('./wait.js');
      return wait(s, { args: positionals, for: str('for'), timeout: str('timeout'), selector: str('selector'), all: bool('all') }, io);
    }
    case 'events': {
      const { events } = await import('./misc.js');
      return events(s, { allNamespaces: bool('all-namespaces'), for: str('for'), types: str('types') }, io);
    }
    case 'explain': {
      const { explain } = await import('./explain.js');
      return explain(s, { args: positionals, recursive: bool('recursive') }, io);
    }
    case 'cluster-info': {
      const { clusterInfo } = await import('./misc.js');
      return clusterInfo(s, io);
    }
    case 'auth': {
      if (positionals[0] === 'whoami') {
        const { whoami } = await import('./whoami.js');
        return whoami(s, str('output'), io);
      }
      if (positionals[0] !== 'can-i') throw new CliError(`error: unknown command "${positionals[0] ?? ''}" for "kubectl auth" (this mini-kubectl has auth can-i and whoami)`);
      const { canI } = await import('./misc.js');
      return canI(s, { args: positionals.slice(1), allNamespaces: bool('all-namespaces'), subresource: str('subresource'), quiet: bool('quiet') }, io);
    }
    case 'edit': {
      const { edit } = await import('./edit.js');
      return edit(s, { args: positionals, output: str('output') }, io);
    }
    case 'why': {
      const { why } = await import('./why/index.js');
      return why(s, { args: positionals, output: str('output'), tail: str('tail'), schedulerUrl: str('scheduler-url') }, io);
    }
    case 'version': {
      const { version } = await import('./info.js');
      return version(s, str('output'), io);
    }
    case 'api-resources': {
      const { apiResources } = await import('./info.js');
      const ns = str('namespaced');
      return apiResources(s, { namespaced: ns === undefined ? undefined : ns === 'true', apiGroup: str('api-group'), output: str('output') }, io);
    }
  }
  throw new CliError(`error: unknown command "${command}" for "kubectl"`);
}
