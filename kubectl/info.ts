// `kubectl version` and `kubectl api-resources` (discovery as a table: NAME SHORTNAMES APIVERSION
// NAMESPACED KIND, sorted by group then name as kubectl does).
import type { IO } from './cli-runtime/io.js';
import type { Session } from './cli-runtime/session.js';
import { formatTable } from './tabwriter.js';
import { toJson, toYaml } from './cli-runtime/output.js';

export const CLIENT_VERSION = 'v1.32.4-k8ts';

export async function version(s: Session, output: string | undefined, io: IO): Promise<number> {
  const server = await s.rest.json<{ gitVersion?: string }>('/version');
  if (output === 'json' || output === 'yaml') {
    const v = { clientVersion: { gitVersion: CLIENT_VERSION }, serverVersion: server };
    io.stdout(output === 'json' ? toJson(v) : await toYaml(v));
    return 0;
  }
  io.stdout(`Client Version: ${CLIENT_VERSION}\nServer Version: ${server.gitVersion ?? ''}\n`);
  return 0;
}

export interface ApiResourcesOptions {
  namespaced?: boolean;
  apiGroup?: string;
  output?: string;
}

export async function apiResources(s: Session, o: ApiResourcesOptions, io: IO): Promise<number> {
  // like kubectl (--cached=false), api-resources always asks the server
  let list = (await s.refresh()).filter((r) => !r.resource.includes('/'));
  if (o.namespaced !== undefined) list = list.filter((r) => r.namespaced === o.namespaced);
  if (o.apiGroup !== undefined) list = list.filter((r) => r.group === o.apiGroup);
  list = [...list].sort((a, b) => (a.group === b.group ? (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0) : a.group < b.group ? -1 : 1));
  if (o.output === 'name') {
    for (const r of list) io.stdout(`${r.group ? `${r.resource}.${r.group}` : r.resource}\n`);
    return 0;
  }
  const rows = [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']];
  for (const r of list) rows.push([r.resource, r.shortNames.join(','), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind]);
  io.stdout(formatTable(rows));
  return 0;
}
