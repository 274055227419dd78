// The objects kube-apiserver's post-start hooks create once it serves: the APF configuration
// (mandatory FlowSchemas/PriorityLevelConfigurations restored, suggested ones kept up to date while
// apf.kubernetes.io/autoupdate-spec allows it) and a Local APIService for every served group-version
// (autoregistration, derived from the catalogue). Runs in the background after listen: one list per
// kind, then only the missing or outdated objects are written, concurrently. Idempotent; retried
// with backoff until it succeeds or the server stops.
import type { Logger } from '../../apimachinery/log.js';
import { clone, isObj, jsonEqual, type Obj } from '../../apimachinery/objects.js';
import { autoUpdateAnnotation, mandatoryFlowSchemas, mandatoryPriorityLevels, suggestedFlowSchemas, suggestedPriorityLevels, type BootstrapObject } from '../registry/flowcontrol/bootstrap.js';
import type { Registry } from '../registry/rest.js';
import { findResource, groupVersion, moduleFor, resources, type ResourceInfo } from '../registry/resources.js';
import { apiServicePriorities } from './apiservice-priorities.js';
import { createIfAbsent } from '../registry/create-if-absent.js';

const manager = 'kube-apiserver';
const flowcontrol = 'flowcontrol.apiserver.k8s.io';
const autoManagedLabel = 'kube-aggregator.kubernetes.io/automanaged';

async function byName(reg: Registry, info: ResourceInfo): Promise<Map<string, Obj>> {
  const list = await reg.list(info, undefined, {});
  return new Map(list.items.map((s) => [String((s.object.metadata as Obj).name), s.object as Obj]));
}

/** Kubernetes' shouldUpdateSpec: the annotation when it parses as a boolean, else only an untouched (generation 1) object. */
function autoUpdates(live: Obj): boolean {
  const m = isObj(live.metadata) ? live.metadata : {};
  const v = isObj(m.annotations) ? m.annotations[autoUpdateAnnotation] : undefined;
  const parsed = typeof v === 'string' ? { true: true, '1': true, t: true, T: true, TRUE: true, True: true, false: false, '0': false, f: false, F: false, FALSE: false, False: false }[v] : undefined;
  if (parsed !== undefined) return parsed;
  return m.generation === 1;
}

/** The spec the object should have: the bootstrap one, defaulted as the server stores it; the exempt level keeps a user's spec.exempt. */
function wantedSpec(info: ResourceInfo, b: BootstrapObject, live?: Obj): Obj {
  const o: Obj = { spec: clone(b.spec) };
  moduleFor(info).defaults?.(o);
  const spec = o.spec as Obj;
  if (live && isObj(live.spec) && spec.type === 'Exempt' && isObj(live.spec.exempt)) spec.exempt = clone(live.spec.exempt);
  return spec;
}

async function ensureAPF(reg: Registry, info: ResourceInfo, mandatory: readonly BootstrapObject[], suggested: readonly BootstrapObject[]): Promise<number> {
  const live = await byName(reg, info);
  const writes: Promise<unknown>[] = [];
  for (const [list, isMandatory] of [[mandatory, true], [suggested, false]] as const)
    for (const b of list) {
      const cur = live.get(b.name);
      if (!cur) {
        writes.push(createIfAbsent(reg, info, undefined, { apiVersion: groupVersion(info), kind: info.kind, metadata: { name: b.name, annotations: { [autoUpdateAnnotation]: 'true' } }, spec: clone(b.spec) }, manager));
        continue;
      }
      if (!isMandatory && !autoUpdates(cur)) continue;
      const spec = wantedSpec(info, b, cur);
      const annotations = isObj(cur.metadata) && isObj(cur.metadata.annotations) ? cur.metadata.annotations : {};
      if (jsonEqual(cur.spec, spec) && annotations[autoUpdateAnnotation] === 'true') continue;
      writes.push(
        reg
          .update(info, undefined, b.name, (now) => {
            const next = clone(now ?? cur);
            const m = isObj(next.metadata) ? next.metadata : (next.metadata = {});
            m.annotations = { ...(isObj(m.annotations) ? m.annotations : {}), [autoUpdateAnnotation]: 'true' };
            next.spec = clone(spec);
            return next;
          }, { fieldManager: manager })
          .then(() => undefined),
      );
    }
  await Promise.all(writes);
  return writes.length;
}

const managedOnStart = (o: Obj): boolean => isObj(o.metadata) && isObj(o.metadata.labels) && o.metadata.labels[autoManagedLabel] === 'onstart';

/** A Local APIService for every served group-version Kubernetes registers (unknown ones are skipped, as kube-aggregator does). */
async function ensureAPIServices(reg: Registry, log: Logger): Promise<number> {
  const info = findResource('apiregistration.k8s.io', 'v1', 'apiservices');
  if (!info) return 0;
  const live = await byName(reg, info);
  const wanted = new Map<string, Obj>();
  for (const r of resources) {
    const priority = apiServicePriorities.get(groupVersion(r));
    if (!priority) log.debug({ groupVersion: groupVersion(r) }, 'no APIService priority: not registered');
    else wanted.set(`${r.version}.${r.group}`, { group: r.group, version: r.version, groupPriorityMinimum: priority.group, versionPriority: priority.version });
  }
  const writes: Promise<unknown>[] = [];
  for (const [name, spec] of wanted) {
    const cur = live.get(name);
    if (!cur) writes.push(createIfAbsent(reg, info, undefined, { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name, labels: { [autoManagedLabel]: 'onstart' } }, spec }, manager));
    else if (managedOnStart(cur) && !jsonEqual(cur.spec, spec)) writes.push(reg.update(info, undefined, name, (now) => ({ ...clone(now ?? cur), spec: clone(spec) }), { fieldManager: manager }));
  }
  // An APIService registered at an earlier start for a group-version no longer served goes (autoregister's "onstart" sync).
  for (const [name, cur] of live) if (!wanted.has(name) && managedOnStart(cur)) writes.push(reg.delete(info, undefined, name, {}));
  await Promise.all(writes);
  return writes.length;
}

/** One pass over every start-up object; returns how many writes it made. */
export async function ensureBootstrapObjects(reg: Registry, log: Logger): Promise<number> {
  const counts = await Promise.all([
    (async () => {
      const pl = findResource(flowcontrol, 'v1', 'prioritylevelconfigurations');
      const fs = findResource(flowcontrol, 'v1', 'flowschemas');
      if (!pl || !fs) return 0;
      return (await ensureAPF(reg, pl, mandatoryPriorityLevels, suggestedPriorityLevels)) + (await ensureAPF(reg, fs, mandatoryFlowSchemas, suggestedFlowSchemas));
    })(),
    ensureAPIServices(reg, log),
  ]);
  return counts[0] + counts[1];
}

export interface BootstrapObjectsOptions {
  registry: Registry;
  log: Logger;
  /** First retry delay; doubles up to 30 s. */
  retryMs?: number;
}

/** Runs ensureBootstrapObjects in the background until one pass succeeds; resolves then (or when `signal` aborts). */
export function runBootstrapObjects(opts: BootstrapObjectsOptions, signal: AbortSignal): Promise<void> {
  return (async () => {
    let delay = opts.retryMs ?? 500;
    while (!signal.aborted) {
      try {
        const writes = await ensureBootstrapObjects(opts.registry, opts.log);
        if (writes > 0) opts.log.info({ writes }, 'start-up objects ensured');
        return;
      } catch (err) {
        if (signal.aborted) return;
        opts.log.warn({ err }, 'start-up objects: will retry');
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          t.unref();
          signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
        });
        delay = Math.min(delay * 2, 30_000);
      }
    }
  })();
}
