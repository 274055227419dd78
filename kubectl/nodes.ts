// `kubectl cordon|uncordon NODE` (patch spec.unschedulable) and `kubectl drain NODE`: cordon, then
// evict the node's pods through pods/eviction (policy/v1), refusing unmanaged, DaemonSet and
// emptyDir pods unless --force / --ignore-daemonsets / --delete-emptydir-data, and wait until gone.
import { CliError, ServerError, type IO } from './cli-runtime/io.js';
import type { Session } from './cli-runtime/session.js';

export interface DrainOptions {
  force: boolean;
  ignoreDaemonsets: boolean;
  deleteEmptydirData: boolean;
  gracePeriod?: number;
  timeoutMs?: number;
}

interface Pod {
  metadata: { name: string; namespace: string; uid?: string; annotations?: Record<string, string>; ownerReferences?: { kind: string; controller?: boolean }[] };
  spec?: { volumes?: { emptyDir?: unknown }[] };
  status?: { phase?: string };
}

export async function cordon(s: Session, names: string[], unschedulable: boolean, io: IO): Promise<number> {
  if (names.length === 0) throw new CliError(`error: resource(s) were provided, but no name was specified`);
  for (const name of names) {
    const node = await s.rest.json<{ spec?: { unschedulable?: boolean } }>(`/api/v1/nodes/${encodeURIComponent(name)}`);
    const verb = unschedulable ? 'cordoned' : 'uncordoned';
    if (!!node.spec?.unschedulable === unschedulable) {
      io.stdout(`node/${name} already ${verb}\n`);
      continue;
    }
    await s.rest.json(`/api/v1/nodes/${encodeURIComponent(name)}`, { method: 'PATCH', contentType: 'application/strategic-merge-patch+json', body: { spec: { unschedulable: unschedulable ? true : null } } });
    io.stdout(`node/${name} ${verb}\n`);
  }
  return 0;
}

export async function drain(s: Session, name: string | undefined, o: DrainOptions, io: IO): Promise<number> {
  if (!name) throw new CliError('error: USAGE: drain NODE [flags]\nSee \'kubectl drain -h\' for help and examples');
  await cordon(s, [name], true, io);
  const pods = (await s.rest.json<{ items?: Pod[] }>('/api/v1/pods', { query: { fieldSelector: `spec.nodeName=${name}` } })).items ?? [];
  const problems = { unmanaged: [] as string[], daemonset: [] as string[], emptydir: [] as string[] };
  const warnings: string[] = [];
  const unmanagedForced: string[] = [];
  const evict: Pod[] = [];
  for (const p of pods) {
    const id = `${p.metadata.namespace}/${p.metadata.name}`;
    if (p.metadata.annotations?.['kubernetes.io/config.mirror']) continue;
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') {
      evict.push(p);
      continue;
    }
    const ctrl = p.metadata.ownerReferences?.find((r) => r.controller);
    if (ctrl?.kind === 'DaemonSet') {
      if (o.ignoreDaemonsets) warnings.push(id);
      else problems.daemonset.push(id);
      continue;
    }
    if (!ctrl && !o.force) problems.unmanaged.push(id);
    if (!ctrl && o.force) unmanagedForced.push(id);
    if (p.spec?.volumes?.some((v) => v.emptyDir) && !o.deleteEmptydirData) problems.emptydir.push(id);
    evict.push(p);
  }
  const errs: string[] = [];
  if (problems.unmanaged.length) errs.push(`cannot delete Pods that declare no controller (use --force to override): ${problems.unmanaged.join(', ')}`);
  if (problems.daemonset.length) errs.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${problems.daemonset.join(', ')}`);
  if (problems.emptydir.length) errs.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${problems.emptydir.join(', ')}`);
  if (errs.length) {
    // kubectl prefixes its first filter error with "cannot delete " once more
    const msgs = errs.map((e, i) => (i === 0 ? `cannot delete ${e}` : e));
    const agg = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
    io.stderr(`error: unable to drain node "${name}" due to error: ${agg}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${msgs.join('\n')}\n`);
    return 1;
  }
  const notes: string[] = [];
  if (warnings.length) notes.push(`ignoring DaemonSet-managed Pods: ${warnings.join(', ')}`);
  if (unmanagedForced.length) notes.push(`deleting Pods that declare no controller: ${unmanagedForced.join(', ')}`);
  if (notes.length) io.stderr(`Warning: ${notes.join('; ')}\n`);
  for (const p of evict) {
    io.stdout(`evicting pod ${p.metadata.namespace}/${p.metadata.name}\n`);
    const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p.metadata.name, namespace: p.metadata.namespace }, ...(o.gracePeriod !== undefined && o.gracePeriod >= 0 ? { deleteOptions: { gracePeriodSeconds: o.gracePeriod } } : {}) };
    for (;;) {
      try {
        await s.rest.json(`/api/v1/namespaces/${encodeURIComponent(p.metadata.namespace)}/pods/${encodeURIComponent(p.metadata.name)}/eviction`, { method: 'POST', body });
        break;
      } catch (e) {
        if (e instanceof ServerError && e.reason === 'NotFound') break;
        if (e instanceof ServerError && e.status === 429) {
          io.stderr(`error when evicting pods/"${p.metadata.name}" -n "${p.metadata.namespace}" (will retry after 5s): ${e.serverMessage}\n`);
          await sleep(5000, io.signal);
          continue;
        }
        throw e;
      }
    }
  }
  const deadline = o.timeoutMs ? Date.now() + o.timeoutMs : Infinity;
  for (const p of evict) {
    for (;;) {
      const r = await s.rest.request(`/api/v1/namespaces/${encodeURIComponent(p.metadata.namespace)}/pods/${encodeURIComponent(p.metadata.name)}`);
      if (r.status === 404 || (r.status === 200 && (JSON.parse(r.text) as Pod).metadata.uid !== p.metadata.uid)) break;
      if (Date.now() > deadline) throw new CliError(`error: unable to drain node "${name}" due to error: global timeout reached, continuing command...`);
      await sleep(250, io.signal);
    }
    io.stdout(`pod/${p.metadata.name} evicted\n`);
  }
  io.stdout(`node/${name} drained\n`);
  return 0;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CliError('error: interrupted'));
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new CliError('error: interrupted'));
    }, { once: true });
  });
}
