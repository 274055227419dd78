// `kubectl config view|get-contexts|current-context|use-context|set-context`: reads and edits the
// kubeconfig files directly (no server), writing each change to the file kubectl would: the file
// defining the context, else the first file in effect.
import { CliError, type IO } from './cli-runtime/io.js';
import { readConfigFile, writeConfigFile, type LoadedConfig, type RawConfig } from './cli-runtime/kubeconfig.js';
import { toYaml } from './cli-runtime/output.js';
import { formatTable } from './tabwriter.js';

export interface ConfigOptions {
  sub: string;
  args: string[];
  loaded: LoadedConfig;
  /** --kubeconfig, else the first KUBECONFIG entry, else ~/.kube/config. */
  firstFile: string;
  context?: string;
  output?: string;
  minify: boolean;
  raw: boolean;
  current: boolean;
  namespace?: string;
  cluster?: string;
  user?: string;
}

export async function configCommand(o: ConfigOptions, io: IO): Promise<number> {
  const cfg = o.loaded.merged;
  switch (o.sub) {
    case 'view':
      return view(o, io);
    case 'current-context':
      if (!cfg['current-context']) throw new CliError('error: current-context is not set');
      io.stdout(`${cfg['current-context']}\n`);
      return 0;
    case 'get-contexts': {
      const current = cfg['current-context'];
      let ctxs = [...cfg.contexts].sort((a, b) => (a.name < b.name ? -1 : 1));
      if (o.args.length) {
        const missing = o.args.filter((n) => !ctxs.some((c) => c.name === n));
        if (missing.length) throw new CliError(`error: context ${missing.map((m) => m).join(', ')} not found`);
        ctxs = ctxs.filter((c) => o.args.includes(c.name));
      }
      if (o.output === 'name') {
        for (const c of ctxs) io.stdout(`${c.name}\n`);
        return 0;
      }
      const rows = [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']];
      for (const c of ctxs) rows.push([c.name === current ? '*' : '', c.name, c.context.cluster ?? '', c.context.user ?? '', c.context.namespace ?? '']);
      io.stdout(formatTable(rows));
      return 0;
    }
    case 'use-context': {
      const name = o.args[0];
      if (!name) throw new CliError("error: Unexpected args: []\nSee 'kubectl config use-context -h' for help and examples");
      if (!cfg.contexts.some((c) => c.name === name)) throw new CliError(`error: no context exists with the name: "${name}"`);
      const file = o.loaded.files.find((f) => f === o.firstFile) ?? o.firstFile;
      const raw = await readConfigFile(file);
      raw['current-context'] = name;
      await writeConfigFile(file, raw);
      io.stdout(`Switched to context "${name}".\n`);
      return 0;
    }
    case 'set-context': {
      const name = o.current ? cfg['current-context'] : o.args[0];
      if (o.current && o.args.length) throw new CliError('error: you cannot specify both a context name and --current');
      if (!name) throw new CliError(o.current ? 'error: no current context is set' : 'error: you must specify a non-empty context name or --current');
      const file = (await definingFile(o.loaded, name)) ?? o.firstFile;
      const raw = await readConfigFile(file);
      raw.contexts ??= [];
      let entry = raw.contexts.find((c) => c.name === name);
      const created = !entry;
      if (!entry) {
        entry = { name, context: {} };
        raw.contexts.push(entry);
      }
      entry.context ??= {};
      if (o.namespace !== undefined) entry.context.namespace = o.namespace;
      if (o.cluster !== undefined) entry.context.cluster = o.cluster;
      if (o.user !== undefined) entry.context.user = o.user;
      await writeConfigFile(file, raw);
      io.stdout(`Context "${name}" ${created ? 'created' : 'modified'}.\n`);
      return 0;
    }
  }
  throw new CliError(`error: unknown command "${o.sub}" for "kubectl config"`);
}

async function definingFile(loaded: LoadedConfig, context: string): Promise<string | undefined> {
  for (const f of loaded.files) if ((await readConfigFile(f)).contexts?.some((c) => c.name === context)) return f;
  return undefined;
}

async function view(o: ConfigOptions, io: IO): Promise<number> {
  const src = o.loaded.merged;
  let cfg: RawConfig = structuredClone(src);
  if (o.minify) {
    const ctxName = o.context ?? cfg['current-context'];
    const ctx = cfg.contexts.find((c) => c.name === ctxName);
    if (!ctx) throw new CliError('error: current-context must exist in order to minify');
    cfg = { ...cfg, 'current-context': ctxName, contexts: [ctx], clusters: cfg.clusters.filter((c) => c.name === ctx.context.cluster), users: cfg.users.filter((u) => u.name === ctx.context.user) };
  }
  if (!o.raw) {
    for (const c of cfg.clusters) if (c.cluster['certificate-authority-data']) c.cluster['certificate-authority-data'] = 'DATA+OMITTED';
    for (const u of cfg.users) {
      if (!u.user) continue;
      for (const k of ['client-certificate-data', 'client-key-data'] as const) if (u.user[k]) u.user[k] = 'DATA+OMITTED';
      for (const k of ['token', 'password'] as const) if (u.user[k]) u.user[k] = 'REDACTED';
    }
  }
  if (o.output === 'json') {
    io.stdout(JSON.stringify(goOrder(cfg), null, 4).replace(/[<>&]/g, (ch) => `\\u00${ch.charCodeAt(0).toString(16)}`) + '\n');
    return 0;
  }
  const out: Record<string, unknown> = {
    apiVersion: 'v1',
    clusters: cfg.clusters.length ? cfg.clusters : null,
    contexts: cfg.contexts.length ? cfg.contexts : null,
    'current-context': cfg['current-context'] ?? '',
    kind: 'Config',
    preferences: {},
    users: cfg.users.length ? cfg.users.map((u) => ({ ...u, user: u.user ?? {} })) : null,
  };
  io.stdout(await toYaml(out));
  return 0;
}

const CLUSTER_KEYS = ['server', 'tls-server-name', 'insecure-skip-tls-verify', 'certificate-authority', 'certificate-authority-data', 'proxy-url', 'disable-compression', 'extensions'];
const USER_KEYS = ['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data', 'token', 'tokenFile', 'as', 'as-uid', 'as-groups', 'as-user-extra', 'username', 'password', 'auth-provider', 'exec', 'extensions'];
const CONTEXT_KEYS = ['cluster', 'user', 'namespace', 'extensions'];

/** The config in clientcmd's Go struct field order (what kubectl's -o json prints). */
function goOrder(cfg: RawConfig): Record<string, unknown> {
  const pick = (o: Record<string, unknown> | null | undefined, keys: string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const k of keys) if (o && o[k] !== undefined && o[k] !== '') out[k] = o[k];
    return out;
  };
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters: cfg.clusters.map((c) => ({ name: c.name, cluster: pick(c.cluster, CLUSTER_KEYS) })),
    users: cfg.users.map((u) => ({ name: u.name, user: pick(u.user, USER_KEYS) })),
    contexts: cfg.contexts.map((c) => ({ name: c.name, context: pick(c.context, CONTEXT_KEYS) })),
    'current-context': cfg['current-context'] ?? '',
  };
}
