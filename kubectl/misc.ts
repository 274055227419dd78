// Smaller commands: `set image`, `events`, `cluster-info`, `auth can-i` (SelfSubjectAccessReview).
import { timestampSince } from '../apimachinery/duration.js';
import { kindGroup, resolve, resourcePath, parseTypeArgs } from './cli-runtime/discovery.js';
import { CliError, type IO } from './cli-runtime/io.js';
import type { Session } from './cli-runtime/session.js';
import type { CoreEvent } from './describe/common.js';
import { formatTable } from './tabwriter.js';

/** `kubectl set image TYPE/NAME container=image…` (strategic merge patch of the pod template). */
export async function setImage(s: Session, args: string[], io: IO): Promise<number> {
  const objs = args.filter((a) => !a.includes('='));
  const images = Object.fromEntries(args.filter((a) => a.includes('=')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
  if (Object.keys(images).length === 0) throw new CliError('error: at least one image update is required');
  for (const req of parseTypeArgs(await s.resources(), objs)) {
    for (const name of req.names) {
      const path = resourcePath(req.resource, s.namespace, name);
      const obj = await s.rest.json<{ spec?: { containers?: { name: string; image?: string }[]; initContainers?: { name: string }[]; template?: { spec?: { containers?: { name: string; image?: string }[]; initContainers?: { name: string }[] } } } }>(path);
      const podSpec = req.resource.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
      const containers = podSpec?.containers ?? [];
      const inits = podSpec?.initContainers ?? [];
      const change: { name: string; image: string }[] = [];
      const initChange: { name: string; image: string }[] = [];
      for (const [c, image] of Object.entries(images)) {
        const all = c === '*';
        let found = false;
        for (const k of containers) if (all || k.name === c) (change.push({ name: k.name, image }), (found = true));
        for (const k of inits) if (all || k.name === c) (initChange.push({ name: k.name, image }), (found = true));
        if (!found) throw new CliError(`error: unable to find container named "${c}"`);
      }
      const spec: Record<string, unknown> = {};
      if (change.length) spec.containers = change;
      if (initChange.length) spec.initContainers = initChange;
      const body = req.resource.kind === 'Pod' ? { spec } : { spec: { template: { spec } } };
      const unchanged = change.every((c) => containers.find((k) => k.name === c.name)?.image === c.image) && initChange.length === 0;
      if (!unchanged) await s.rest.json(path, { method: 'PATCH', contentType: 'application/strategic-merge-patch+json', body, query: { fieldManager: 'kubectl-set' } });
      io.stdout(`${kindGroup(req.resource)}/${name} image updated\n`);
    }
  }
  return 0;
}

/** `kubectl events [-A] [--for TYPE/NAME] [--types=Warning]`. */
export async function events(s: Session, o: { allNamespaces: boolean; for?: string; types?: string }, io: IO): Promise<number> {
  const sel: string[] = [];
  if (o.for) {
    const [type, name] = o.for.split('/', 2);
    const r = resolve(await s.resources(), type);
    sel.push(`involvedObject.kind=${r.kind}`, `involvedObject.name=${name}`);
  }
  const path = o.allNamespaces ? '/api/v1/events' : `/api/v1/namespaces/${encodeURIComponent(s.namespace)}/events`;
  let items = (await s.rest.json<{ items?: CoreEvent[] }>(path, { query: { fieldSelector: sel.join(',') || undefined } })).items ?? [];
  if (o.types) {
    const types = o.types.split(',').map((t) => t.toLowerCase());
    items = items.filter((e) => types.includes((e.type ?? '').toLowerCase()));
  }
  if (items.length === 0) {
    io.stderr(o.allNamespaces ? 'No events found.\n' : `No events found in ${s.namespace} namespace.\n`);
    return 0;
  }
  const last = (e: CoreEvent): string | undefined => e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
  items.sort((a, b) => (Date.parse(last(a) ?? '') || 0) - (Date.parse(last(b) ?? '') || 0));
  const now = new Date();
  const rows = [[...(o.allNamespaces ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']];
  for (const e of items) {
    const count = e.series?.count ?? e.count ?? 1;
    const first = e.firstTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
    const seen = count > 1 ? `${timestampSince(last(e), now)} (x${count} over ${timestampSince(first, now)})` : timestampSince(last(e), now);
    rows.push([...(o.allNamespaces ? [e.metadata.namespace ?? ''] : []), seen, e.type ?? '', e.reason ?? '', `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}`, (e.message ?? '').trim()]);
  }
  io.stdout(formatTable(rows));
  return 0;
}

/** `kubectl cluster-info`: the control plane URL and kube-system services labelled cluster-service. */
export async function clusterInfo(s: Session, io: IO): Promise<number> {
  const color = (code: string) => (t: string): string => (io.stdoutIsTTY ? `\x1b[0;${code}m${t}\x1b[0m` : t);
  const green = color('32');
  const yellow = color('33');
  const server = s.rest.server;
  io.stdout(`${green('Kubernetes control plane')} is running at ${yellow(server)}\n`);
  const svcs = await s.rest.json<{ items?: { metadata: { name: string; labels?: Record<string, string> }; spec?: { ports?: { name?: string; port: number }[] } }[] }>('/api/v1/namespaces/kube-system/services', { query: { labelSelector: 'kubernetes.io/cluster-service=true' } });
  for (const svc of svcs.items ?? []) {
    const name = svc.metadata.labels?.['kubernetes.io/name'] ?? svc.metadata.name;
    const p = svc.spec?.ports?.[0];
    const port = p ? (p.name ? `:${p.name}` : `:${p.port}`) : '';
    io.stdout(`${green(name)} is running at ${yellow(`${server}/api/v1/namespaces/kube-system/services/${svc.metadata.name}${port}/proxy`)}\n`);
  }
  io.stdout(`\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
  return 0;
}

/** `kubectl auth can-i VERB TYPE[/NAME] [--subresource] [-A]`: yes/no from a SelfSubjectAccessReview. */
export async function canI(s: Session, o: { args: string[]; allNamespaces: boolean; subresource?: string; quiet: boolean }, io: IO): Promise<number> {
  const [verb, what] = o.args;
  if (!verb || !what) throw new CliError('error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee \'kubectl auth can-i -h\' for help and examples');
  let attrs: Record<string, string | undefined>;
  if (what.startsWith('/')) attrs = { nonResourceURL: what, verb };
  else {
    const [type, name] = what.split('/', 2);
    let group = '';
    let resource = type;
    let namespaced = true;
    try {
      const r = resolve(await s.resources(), type);
      group = r.group;
      resource = r.resource;
      namespaced = r.namespaced;
      if (!namespaced && !o.allNamespaces) io.stderr(`Warning: resource '${r.resource}' is not namespace scoped\n\n`);
    } catch {
      io.stderr(`Warning: the server doesn't have a resource type '${type}'\n\n`);
    }
    attrs = { namespace: o.allNamespaces || !namespaced ? '' : s.namespace, verb, group, resource, subresource: o.subresource, name };
  }
  const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: attrs.nonResourceURL ? { nonResourceAttributes: { path: attrs.nonResourceURL, verb } } : { resourceAttributes: attrs } };
  const res = await s.rest.json<{ status?: { allowed?: boolean; reason?: string; evaluationError?: string } }>('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { method: 'POST', body });
  const allowed = !!res.status?.allowed;
  if (!o.quiet) {
    io.stdout(allowed ? 'yes\n' : res.status?.reason ? `no - ${res.status.reason}\n` : 'no\n');
  }
  return allowed ? 0 : 1;
}
