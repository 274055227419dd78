// `kubectl delete` by names, type/name, -f or -l/--all: DELETE with background propagation, print
// `kind.group "name" deleted`, then wait (polling) until each object is gone, as kubectl --wait does.
import { kindGroup, resourcePath, type ApiResource, parseTypeArgs } from './cli-runtime/discovery.js';
import { forKind } from './cli-runtime/discovery.js';
import { CliError, withSource, type IO } from './cli-runtime/io.js';
import { readManifests } from './manifests.js';
import type { Session } from './cli-runtime/session.js';

export interface DeleteOptions {
  args: string[];
  filenames: string[];
  recursive: boolean;
  selector?: string;
  all: boolean;
  allNamespaces: boolean;
  wait: boolean;
  ignoreNotFound: boolean;
  /** --cascade: background (default), foreground or orphan. */
  cascade?: string;
  /** --grace-period seconds (-1: the object's default). */
  gracePeriod?: number;
  force?: boolean;
  now?: boolean;
}

interface Target {
  r: ApiResource;
  ns: string | undefined;
  name: string;
  /** The -f file the target came from (for error messages). */
  source?: string;
}

export async function del(s: Session, o: DeleteOptions, io: IO): Promise<number> {
  let resources = await s.resources();
  const targets: Target[] = [];
  let listed = false;
  if (o.filenames.length) {
    for (const src of await readManifests(o.filenames, o.recursive, io)) {
      for (const obj of src.objects) {
        const group = String(obj.apiVersion).includes('/') ? String(obj.apiVersion).split('/')[0] : '';
        if (s.usedCache && !resources.some((x) => x.group === group && x.kind === obj.kind)) resources = await s.refresh();
        const r = forKind(resources, String(obj.apiVersion), String(obj.kind), obj.metadata?.name, src.name);
        targets.push({ r, ns: r.namespaced ? (obj.metadata?.namespace ?? s.namespace) : undefined, name: obj.metadata?.name ?? '', source: src.name });
      }
    }
  } else {
    if (o.args.length === 0) throw new CliError('error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
    for (const req of parseTypeArgs(resources, o.args)) {
      const ns = req.resource.namespaced ? s.namespace : undefined;
      if (req.names.length) {
        for (const name of req.names) targets.push({ r: req.resource, ns, name });
        continue;
      }
      if (!o.selector && !o.all) throw new CliError('error: resource(s) were provided, but no name was specified');
      listed = true;
      const listNs = o.allNamespaces ? undefined : ns;
      const list = await s.rest.json<{ items?: { metadata: { name: string; namespace?: string } }[] }>(resourcePath(req.resource, listNs), { query: { labelSelector: o.selector } });
      for (const it of list.items ?? []) targets.push({ r: req.resource, ns: it.metadata.namespace, name: it.metadata.name });
    }
  }
  if (listed && targets.length === 0) {
    io.stdout('No resources found\n');
    return 0;
  }
  const cascade = (o.cascade ?? 'background').toLowerCase();
  const policy = { background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan' }[cascade];
  if (!policy) throw new CliError(`error: invalid cascade value (${o.cascade}). Must be "background", "foreground", or "orphan"`);
  let grace = o.gracePeriod ?? -1;
  if (o.now) {
    if (grace !== -1) throw new CliError('error: --now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (o.force && grace === -1) grace = 0;
  if (o.force && grace === 0) io.stderr('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  if (!o.force && grace === 0) grace = 1; // kubectl: --grace-period=0 without --force means 1s
  const body: Record<string, unknown> = { propagationPolicy: policy };
  if (grace >= 0) body.gracePeriodSeconds = grace;
  let failed = false;
  const deleted: { t: Target; uid: string }[] = [];
  for (const t of targets) {
    const r = await s.rest.request(resourcePath(t.r, t.ns, t.name), { method: 'DELETE', body });
    if (r.status === 404 && o.ignoreNotFound) continue;
    if (r.status < 200 || r.status > 299) {
      const { statusError } = await import('./cli-runtime/rest.js');
      io.stderr((withSource(statusError(r), 'deleting', t.source) as Error).message + '\n');
      failed = true;
      continue;
    }
    const uid = (JSON.parse(r.text) as { metadata?: { uid?: string }; details?: { uid?: string } });
    io.stdout(`${kindGroup(t.r)} "${t.name}" ${o.force && grace === 0 ? 'force deleted' : 'deleted'}\n`);
    deleted.push({ t, uid: uid.metadata?.uid ?? uid.details?.uid ?? '' });
  }
  if (o.wait) for (const d of deleted) await waitGone(s, d.t, d.uid, io.signal);
  return failed ? 1 : 0;
}

/** Polls until the object is gone (404) or replaced by a new object with another uid. */
async function waitGone(s: Session, t: Target, uid: string, signal?: AbortSignal): Promise<void> {
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    if (signal?.aborted) throw new CliError('error: timed out waiting for the deletion');
    const r = await s.rest.request(resourcePath(t.r, t.ns, t.name));
    if (r.status === 404) return;
    if (r.status === 200 && uid && (JSON.parse(r.text) as { metadata?: { uid?: string } }).metadata?.uid !== uid) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, delay);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new CliError('error: timed out waiting for the deletion'));
      }, { once: true });
    });
  }
}
