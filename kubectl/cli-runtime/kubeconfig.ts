// kubeconfig files read without client-node's KubeConfig (whose import loads the whole generated
// API, ~1 s): YAML parsing (`yaml`, loaded lazily), kubectl's merge of several files (first file to set a name wins),
// the current context's cluster/user, and writing a file back (config use-context / set-context).
// Credential sources this light path does not handle (exec plugins, auth providers) are flagged so
// the caller falls back to client-node's full KubeConfig.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { CliError } from './io.js';
import { yamlLoader } from './output.js';

export interface NamedCluster {
  name: string;
  cluster: {
    server?: string;
    'certificate-authority'?: string;
    'certificate-authority-data'?: string;
    'insecure-skip-tls-verify'?: boolean;
    'tls-server-name'?: string;
    'proxy-url'?: string;
    [k: string]: unknown;
  };
}
export interface NamedUser {
  name: string;
  user: {
    token?: string;
    tokenFile?: string;
    'client-certificate'?: string;
    'client-certificate-data'?: string;
    'client-key'?: string;
    'client-key-data'?: string;
    username?: string;
    password?: string;
    exec?: unknown;
    'auth-provider'?: unknown;
    [k: string]: unknown;
  } | null;
}
export interface NamedContext {
  name: string;
  context: { cluster?: string; user?: string; namespace?: string; [k: string]: unknown };
}

export interface RawConfig {
  apiVersion?: string;
  kind?: string;
  preferences?: Record<string, unknown>;
  clusters: NamedCluster[];
  users: NamedUser[];
  contexts: NamedContext[];
  'current-context'?: string;
  [k: string]: unknown;
}

export interface LoadedConfig {
  /** The merged configuration, file paths made absolute. */
  merged: RawConfig;
  /** The files in effect, in precedence order (existing ones only). */
  files: string[];
}

/** What a request needs from the current context: where, with which TLS material and credentials. */
export interface Connection {
  server: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecureSkipTLSVerify: boolean;
  tlsServerName?: string;
  token?: string;
  basic?: { username: string; password: string };
  /** The user needs an exec plugin or auth provider: use client-node's full KubeConfig. */
  needsFullClient: boolean;
}

/** The kubeconfig files in effect: --kubeconfig, else KUBECONFIG's list, else ~/.kube/config. */
export function configFiles(explicit: string | undefined, env: Readonly<Record<string, string | undefined>>): string[] {
  if (explicit) return [explicit];
  if (env.KUBECONFIG) return env.KUBECONFIG.split(':').filter((f) => f !== '');
  return [join(env.HOME ?? '', '.kube', 'config')];
}

function readOne(file: string, load: (s: string) => unknown): RawConfig {
  const text = readFileSync(file, 'utf8');
  let v: unknown;
  try {
    v = load(text);
  } catch (e) {
    throw new CliError(`error: error loading config file "${file}": ${(e as Error).message}`);
  }
  const o = (v !== null && typeof v === 'object' ? v : {}) as Partial<RawConfig>;
  const dir = dirname(file);
  const abs = (p: unknown): unknown => (typeof p === 'string' && p !== '' && !isAbsolute(p) ? join(dir, p) : p);
  const clusters: NamedCluster[] = (o.clusters ?? []).filter((c) => c && c.name).map((c) => ({ ...c, cluster: { ...(c.cluster ?? {}), 'certificate-authority': abs(c.cluster?.['certificate-authority']) as string | undefined } }));
  const users: NamedUser[] = (o.users ?? []).filter((u) => u && u.name).map((u) => ({
    ...u,
    user: u.user ? { ...u.user, 'client-certificate': abs(u.user['client-certificate']) as string | undefined, 'client-key': abs(u.user['client-key']) as string | undefined, tokenFile: abs(u.user.tokenFile) as string | undefined } : u.user,
  }));
  for (const c of clusters) dropUndefined(c.cluster);
  for (const u of users) if (u.user) dropUndefined(u.user);
  return { ...o, clusters, users, contexts: (o.contexts ?? []).filter((c) => c && c.name).map((c) => ({ ...c, context: c.context ?? {} })) };
}

function dropUndefined(o: Record<string, unknown>): void {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
}

/** Loads and merges the kubeconfig files like kubectl; errors when an explicit --kubeconfig is missing. */
export async function loadConfig(explicit: string | undefined, env: Readonly<Record<string, string | undefined>>): Promise<LoadedConfig> {
  if (explicit && !existsSync(explicit)) throw new CliError(`error: stat ${explicit}: no such file or directory`);
  const load = await yamlLoader();
  const files = configFiles(explicit, env).filter((f) => existsSync(f));
  const merged: RawConfig = { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], users: [], contexts: [] };
  for (const f of files) {
    const c = readOne(f, load);
    const add = <T extends { name: string }>(into: T[], from: T[]): void => {
      for (const x of from) if (!into.some((y) => y.name === x.name)) into.push(x);
    };
    add(merged.clusters, c.clusters);
    add(merged.users, c.users);
    add(merged.contexts, c.contexts);
    if (!merged['current-context'] && c['current-context']) merged['current-context'] = c['current-context'];
  }
  return { merged, files };
}

function fileOrData(file: string | undefined, data: string | undefined): Buffer | undefined {
  if (file) return readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}

/** The connection for `context` (the current one when undefined); kubectl's default server without config. */
export function connectionFor(cfg: RawConfig, context: string | undefined): Connection {
  const ctxName = context ?? cfg['current-context'];
  const ctx = cfg.contexts.find((c) => c.name === ctxName)?.context;
  const cluster = cfg.clusters.find((c) => c.name === ctx?.cluster)?.cluster;
  const user = cfg.users.find((u) => u.name === ctx?.user)?.user ?? undefined;
  if (!cluster?.server) return { server: 'http://localhost:8080', insecureSkipTLSVerify: false, needsFullClient: false };
  let token = user?.token;
  if (!token && user?.tokenFile) token = readFileSync(user.tokenFile, 'utf8').trim();
  return {
    server: cluster.server.replace(/\/$/, ''),
    ca: fileOrData(cluster['certificate-authority'], cluster['certificate-authority-data']),
    cert: fileOrData(user?.['client-certificate'], user?.['client-certificate-data']),
    key: fileOrData(user?.['client-key'], user?.['client-key-data']),
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    tlsServerName: cluster['tls-server-name'],
    token,
    basic: user?.username ? { username: user.username, password: user.password ?? '' } : undefined,
    needsFullClient: !!(user?.exec || user?.['auth-provider'] || cluster['proxy-url']),
  };
}

/** Writes one kubeconfig file back (YAML, as kubectl writes it). */
export async function writeConfigFile(file: string, cfg: RawConfig): Promise<void> {
  const { stringify } = await import('yaml');
  writeFileSync(file, stringify(cfg, { lineWidth: 0, aliasDuplicateObjects: false }));
}

/** Reads one file as it is on disk (no merge), for editing it. */
export async function readConfigFile(file: string): Promise<RawConfig> {
  const load = await yamlLoader();
  if (!existsSync(file)) return { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], users: [], contexts: [] };
  const v = load(readFileSync(file, 'utf8')) as Partial<RawConfig> | null;
  return { clusters: [], users: [], contexts: [], ...(v ?? {}) };
}
