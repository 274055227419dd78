// Invoking one CNI plugin binary (CNI spec 1.0: config on stdin, parameters in CNI_* env vars,
// result or error JSON on stdout).
import { join } from 'node:path';
import { run, RuntimeError } from '../host/index.js';

export type CniCommand = 'ADD' | 'DEL' | 'CHECK';

export interface CniInvocation {
  command: CniCommand;
  containerId: string;
  netns: string;
  ifName: string;
  /** Semicolon-separated K=V pairs (CNI_ARGS). */
  args?: string;
  binDir: string;
  config: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface CniIp { address: string; gateway?: string; interface?: number }
export interface CniResult {
  cniVersion: string;
  interfaces?: { name: string; mac?: string; sandbox?: string }[];
  ips?: CniIp[];
  routes?: { dst: string; gw?: string }[];
  dns?: Record<string, unknown>;
}

function isCniResult(v: unknown): v is CniResult {
  return typeof v === 'object' && v !== null && typeof (v as { cniVersion?: unknown }).cniVersion === 'string';
}

/** Runs a plugin; returns its result for ADD (undefined for DEL/CHECK); throws with the plugin's message. */
export async function invokePlugin(inv: CniInvocation): Promise<CniResult | undefined> {
  const type = inv.config.type;
  if (typeof type !== 'string' || type.includes('/')) throw new RuntimeError('InvalidArgument', `bad CNI plugin type ${String(type)}`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    CNI_COMMAND: inv.command,
    CNI_CONTAINERID: inv.containerId,
    CNI_NETNS: inv.netns,
    CNI_IFNAME: inv.ifName,
    CNI_PATH: inv.binDir,
    CNI_ARGS: inv.args ?? '',
  };
  const r = await run(join(inv.binDir, type), [], {
    env, input: JSON.stringify(inv.config), signal: inv.signal, timeoutMs: 60_000,
  });
  const text = r.stdout.toString().trim();
  if (r.code !== 0) {
    let msg = text || r.stderr.toString().trim();
    try {
      const e = JSON.parse(text) as { msg?: string; details?: string; code?: number };
      msg = [e.msg, e.details].filter(Boolean).join(': ') || msg;
    } catch { /* not JSON: keep the raw text */ }
    throw new RuntimeError('Internal', `CNI ${type} ${inv.command} (${inv.ifName}) failed: ${msg}`);
  }
  if (inv.command !== 'ADD') return undefined;
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!isCniResult(parsed)) throw new RuntimeError('Internal', `CNI ${type} ADD returned no result`);
  return parsed;
}
