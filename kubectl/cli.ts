// The mini-kubectl's command line: global flags (--kubeconfig, --context, -n), per-command flags
// (node:util parseArgs), dispatch to the commands, and kubectl's error lines and exit codes.
// `main(argv, io)` runs in-process (tests); kubectl/main.ts wires it to the real process.
import { parseArgs } from 'node:util';
import { loadClientConfig } from './config.js';
import { CliError, type IO } from './io.js';
import type { Session } from './session.js';

type Spec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }>;

const GLOBAL: Spec = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  v: { type: 'string' },
};

const COMMANDS: Record<string, Spec> = {
  get: { output: { type: 'string', short: 'o' }, selector: { type: 'string', short: 'l' }, 'field-selector': { type: 'string' }, 'all-namespaces': { type: 'boolean', short: 'A' }, 'show-labels': { type: 'boolean' }, 'show-managed-fields': { type: 'boolean' } },
  apply: { filename: { type: 'string', short: 'f', multiple: true }, recursive: { type: 'boolean', short: 'R' } },
  create: { filename: { type: 'string', short: 'f', multiple: true }, recursive: { type: 'boolean', short: 'R' } },
  delete: {
    filename: { type: 'string', short: 'f', multiple: true },
    recursive: { type: 'boolean', short: 'R' },
    selector: { type: 'string', short: 'l' },
    all: { type: 'boolean' },
    'all-namespaces': { type: 'boolean', short: 'A' },
    wait: { type: 'boolean', default: true },
    'ignore-not-found': { type: 'boolean' },
  },
  scale: { replicas: { type: 'string' } },
  label: { overwrite: { type: 'boolean' } },
  annotate: { overwrite: { type: 'boolean' } },
  logs: { container: { type: 'string', short: 'c' }, follow: { type: 'boolean', short: 'f' }, tail: { type: 'string' }, previous: { type: 'boolean', short: 'p' }, timestamps: { type: 'boolean' } },
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

/** parseArgs has no `--flag=false`; rewrite boolean `--x=true|false` into presence/absence. */
function normaliseBooleans(argv: string[], spec: Spec): { argv: string[]; falses: Set<string> } {
  const falses = new Set<string>();
  const out: string[] = [];
  for (const a of argv) {
    const m = /^--([^=]+)=(true|false)$/.exec(a);
    if (m && spec[m[1]]?.type === 'boolean') {
      if (m[2] === 'true') out.push(`--${m[1]}`);
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
    io.stderr('error: a command is required (get, apply, create, delete, scale, label, annotate, logs, version, api-resources)\n');
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
  const { Session } = await import('./session.js');
  const s: Session = new Session(cfg.kc, cfg.namespace, cfg.explicitNamespace);

  switch (command) {
    case 'get': {
      const { get } = await import('./get.js');
      return get(s, { args: positionals, output: str('output'), selector: str('selector'), fieldSelector: str('field-selector'), allNamespaces: bool('all-namespaces'), showLabels: bool('show-labels'), showManagedFields: bool('show-managed-fields') }, io);
    }
    case 'apply':
    case 'create': {
      const { apply } = await import('./apply.js');
      if (positionals.length) throw new CliError(`error: Unexpected args: [${positionals.join(' ')}]\nSee 'kubectl ${command} -h' for help and examples`);
      return apply(s, { filenames: list('filename'), recursive: bool('recursive'), create: command === 'create' }, io);
    }
    case 'delete': {
      const { del } = await import('./delete.js');
      return del(s, { args: positionals, filenames: list('filename'), recursive: bool('recursive'), selector: str('selector'), all: bool('all'), allNamespaces: bool('all-namespaces'), wait: values.wait !== false, ignoreNotFound: bool('ignore-not-found') }, io);
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
