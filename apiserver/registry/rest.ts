// Generic REST storage for every resource: the create / get / list / update / delete / watch
// verbs over the Store, with defaulting, validation, strategy hooks and the object lifecycle
// (uid, timestamps, generation, finalizers, graceful deletion). HTTP-free: handlers call this.
import { ApiError, errors, type FieldError } from '../../apimachinery/errors.js';
import { type Obj, isObj, clone, meta, newUID, nowRFC3339, randomSuffix } from '../../apimachinery/objects.js';
import { type Store, type Stored, type ListResult, type WatchEvent, StorageError } from '../storage/types.js';
import { type ResourceInfo, conversionFor, groupVersion, storageKey, storagePrefix, findResource, moduleFor, toServed, toStorage } from './resources.js';
import { prepareForCreate, prepareForUpdate, prepareForStatusUpdate, readyToDelete, gracefulDeletion, markDeleting } from './lifecycle.js';
import type { HookEnv, Release, ServiceRanges } from './strategy/types.js';
import type { AdmissionPlugin, AdmissionRequest, UserInfo } from '../auth/types.js';

export interface Hooks {
  /** Schema + metadata validation (OpenAPI / names); semantic checks are ours. */
  validate?: (info: ResourceInfo, o: Obj) => FieldError[];
  /** Maintains metadata.managedFields for an Update-operation write. */
  managedFields?: (info: ResourceInfo, live: Obj | undefined, updated: Obj, manager: string, now: string, subresource?: string) => void;
  /** Admission plugins, in order: every admit (mutating) runs, then every validate. Only writes that carry a user are admitted. */
  admission?: AdmissionPlugin[];
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** Who asks; writes with a user go through the admission plugins (server-internal writes carry none). */
  user?: UserInfo;
  /** Set by the registry itself: the served version a storage-version write came through (its checks and managedFields apply). */
  servedAs?: ResourceInfo;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
  user?: UserInfo;
}

export interface ListOpts {
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  filter?: (o: Obj) => boolean;
}

export class Registry {
  constructor(
    readonly store: Store,
    ranges: ServiceRanges,
    private readonly hooks: Hooks = {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.env = { ranges };
  }

  /** What the resource modules' write hooks use. */
  private readonly env: HookEnv;

  private key(info: ResourceInfo, ns: string | undefined, name: string): string {
    return storageKey(info, ns, name);
  }

  private translate(e: unknown, info: ResourceInfo, name: string): unknown {
    if (!(e instanceof StorageError)) return e;
    switch (e.code) {
      case 'KeyNotFound':
        return errors.notFound(info.plural, name, info.group);
      case 'KeyExists':
        return errors.alreadyExists(info.plural, name, info.group);
      case 'Conflict':
        return errors.conflict(info.plural, name, 'the object has been modified; please apply your changes to the latest version and try again', info.group);
      case 'Compacted':
        return errors.gone(e.message.includes('continue') ? e.message : 'The resourceVersion for the provided list is too old.');
      case 'TooLargeResourceVersion':
        return new ApiError('Timeout', `Too large resource version: ${e.message}`, { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 });
      case 'Invalid':
        return errors.badRequest(e.message);
      default:
        return new ApiError('ServiceUnavailable', `storage unavailable: ${e.message}`);
    }
  }

  // Every verb on a served version that is not the storage version runs on the storage version,
  // converting what comes in (bodies, patched objects) and what goes out (objects, lists, events).

  async get(info: ResourceInfo, ns: string | undefined, name: string): Promise<Obj> {
    const c = conversionFor(info);
    if (c) return toServed(info, await this.get(c.storage, ns, name));
    const s = await this.store.get(this.key(info, ns, name));
    if (!s) throw errors.notFound(info.plural, name, info.group);
    return this.out(info, s.object);
  }

  /** `opts.filter` reads stored objects (field selectors are mapped onto the storage version's labels). */
  async list(info: ResourceInfo, ns: string | undefined, opts: ListOpts): Promise<ListResult> {
    const c = conversionFor(info);
    if (c) {
      const r = await this.list(c.storage, ns, opts);
      return { ...r, items: r.items.map((s) => ({ ...s, object: toServed(info, s.object) })) };
    }
    try {
      return await this.store.list(storagePrefix(info, ns), opts);
    } catch (e) {
      throw this.translate(e, info, '');
    }
  }

  watch(info: ResourceInfo, ns: string | undefined, fromRv: string | undefined, filter: ((o: Obj) => boolean) | undefined, bookmarks: boolean, signal: AbortSignal): AsyncIterable<WatchEvent> {
    const events = this.store.watch(storagePrefix(info, ns), { fromRv, filter, bookmarks }, signal);
    return conversionFor(info) ? convertEvents(info, events) : events;
  }

  /** Namespace lifecycle admission: the namespace must exist and not be terminating. */
  private async checkNamespace(info: ResourceInfo, ns: string | undefined, name = ''): Promise<void> {
    if (!info.namespaced || ns === undefined) return;
    const nsInfo = findResource('', 'v1', 'namespaces')!;
    // Served by the watch cache (resourceVersion "0"), as the real admission plugin reads an informer.
    const key = storageKey(nsInfo, undefined, ns);
    const found = await this.store.list(key, { resourceVersion: '0', filter: (o) => isObj(o.metadata) && o.metadata.name === ns });
    const s = found.items[0] ?? (await this.store.get(key));
    if (!s) throw errors.notFound('namespaces', ns);
    const m = isObj(s.object.metadata) ? s.object.metadata : {};
    if (m.deletionTimestamp !== undefined) {
      // As admission.NewForbidden words it, with the NamespaceTerminating cause clients look for.
      const resource = info.group ? `${info.plural}.${info.group}` : info.plural;
      throw new ApiError('Forbidden', `${resource} ${JSON.stringify(name)} is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, {
        name,
        group: info.group || undefined,
        kind: info.plural,
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  }

  private admissionFor(opts: { user?: UserInfo }): AdmissionPlugin[] {
    return opts.user && this.hooks.admission ? this.hooks.admission : [];
  }

  private admissionRequest(info: ResourceInfo, operation: AdmissionRequest['operation'], user: UserInfo, ns: string | undefined, name: string, subresource: string, object?: Obj, oldObject?: Obj): AdmissionRequest {
    return { operation, user, group: info.group, version: info.version, resource: info.plural, subresource, namespace: ns ?? '', name, object, oldObject };
  }

  private static async admit(plugins: AdmissionPlugin[], r: AdmissionRequest): Promise<void> {
    for (const p of plugins) await p.admit?.(r);
  }

  private static async validateAdmission(plugins: AdmissionPlugin[], r: AdmissionRequest): Promise<void> {
    for (const p of plugins) await p.validate?.(r);
  }

  /** `schema` false: only the semantic checks (the write changed nothing the schema constrains). */
  private validate(info: ResourceInfo, o: Obj, old?: Obj, schema = true, subresource?: string, servedAs?: ResourceInfo): void {
    const mod = moduleFor(info);
    const version = servedAs && conversionFor(servedAs)?.version;
    const semantic = [
      ...(mod.validate?.(o) ?? []),
      ...((old ? mod.validateUpdate?.(o, old, subresource) : mod.validateCreate?.(o)) || []),
      ...((old ? version?.validateUpdate?.(o, old) : version?.validate?.(o)) ?? []),
    ];
    // A problem the module reports itself (with Kubernetes' own detail) is not reported twice by the
    // schema; and its check of a field supersedes the schema's bare "Required value" for it (Kubernetes
    // has only the former: a missing Ingress pathType says "Required value: pathType must be specified").
    const checked = new Set(semantic.map((e) => e.field));
    const bySemantic = new Set(semantic.map((e) => `${e.field}\u0000${e.type}`));
    const structural = ((schema && this.hooks.validate?.(info, o)) || []).filter(
      (e) => !bySemantic.has(`${e.field}\u0000${e.type}`) && !(e.type === 'FieldValueRequired' && checked.has(e.field)),
    );
    const errs = [...structural, ...semantic];
    if (errs.length > 0) throw errors.invalid(info.kind, String(meta(o).name ?? ''), errs, info.group);
  }

  /** The storage form of an object written through served version `info`, after that version's defaults. */
  private incoming(info: ResourceInfo, o: Obj): Obj {
    const copy = clone(o);
    conversionFor(info)?.version.defaults?.(copy);
    return toStorage(info, copy);
  }

  /** Update-operation managedFields, computed in the served version the write came through (their apiVersion and field names). */
  private recordManaged(info: ResourceInfo, servedAs: ResourceInfo | undefined, live: Obj | undefined, next: Obj, manager: string, now: string, subresource?: string): void {
    const hook = this.hooks.managedFields;
    if (!hook) return;
    if (!servedAs) return hook(info, live, next, manager, now, subresource);
    const served = toServed(servedAs, next);
    served.metadata = { ...meta(served) };
    hook(servedAs, live && toServed(servedAs, live), served, manager, now, subresource);
    const managed = meta(served).managedFields;
    if (managed === undefined) delete meta(next).managedFields;
    else meta(next).managedFields = managed;
  }

  private out(info: ResourceInfo, o: Obj): Obj {
    o.apiVersion = groupVersion(info);
    o.kind = info.kind;
    return o;
  }

  async create(info: ResourceInfo, ns: string | undefined, obj: Obj, opts: WriteOptions): Promise<Obj> {
    const c = conversionFor(info);
    if (c) return toServed(info, await this.create(c.storage, ns, this.incoming(info, obj), { ...opts, servedAs: info }));
    const o = clone(obj);
    const m = meta(o);
    if (info.namespaced) m.namespace = ns;
    else delete m.namespace;
    if ((m.name === undefined || m.name === '') && typeof m.generateName === 'string' && m.generateName !== '') m.name = m.generateName + randomSuffix();
    if (m.name === undefined || m.name === '')
      throw errors.invalid(info.kind, '', [{ field: 'metadata.name', type: 'FieldValueRequired', message: 'Required value: name or generateName is required' }], info.group);
    if (m.resourceVersion !== undefined && m.resourceVersion !== '')
      throw errors.badRequest('resourceVersion should not be set on objects to be created');
    delete m.resourceVersion;
    const now = nowRFC3339(this.clock());
    m.uid = newUID();
    m.creationTimestamp = now;
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
    const mod = moduleFor(info);
    mod.defaults?.(o);
    // As Kubernetes' create handler: the field manager sees the decoded, defaulted object, before the
    // strategy (a Job's generated selector) and admission change it, so those changes have no owner.
    if (opts.fieldManager !== undefined) this.recordManaged(info, opts.servedAs, undefined, o, opts.fieldManager, now);
    prepareForCreate(mod, o);
    this.out(info, o);
    const plugins = this.admissionFor(opts);
    const admission = plugins.length > 0 ? this.admissionRequest(opts.servedAs ?? info, 'CREATE', opts.user!, ns, String(m.name), '', o) : undefined;
    if (admission) {
      // As in Kubernetes, namespace lifecycle and mutating admission come before validation.
      await this.checkNamespace(info, ns, String(m.name));
      await Registry.admit(plugins, admission);
      this.out(info, o);
    }
    this.validate(info, o, undefined, true, undefined, opts.servedAs);
    if (admission) await Registry.validateAdmission(plugins, admission);
    else await this.checkNamespace(info, ns, String(m.name));
    // Dry runs allocate no ClusterIP or NodePort: nothing may outlive the request.
    if (opts.dryRun) return o;
    const key = this.key(info, ns, String(m.name));
    const hooks = mod.writeHooks;
    // An object that exists already must get AlreadyExists, not an error about what its hooks claim (a requested ClusterIP).
    if (hooks && (await this.store.get(key))) throw errors.alreadyExists(info.plural, String(m.name), info.group);
    const release = hooks ? await hooks.claim(this.env, o) : undefined;
    try {
      const s = await this.store.create(key, o);
      return this.out(info, s.object);
    } catch (e) {
      if (release) await release();
      throw this.translate(e, info, String(m.name));
    }
  }

  /**
   * Read-modify-write of one object: `compute` gets the live object (undefined when absent) and
   * returns the desired one (as a client would PUT it). Handles create-on-update, status-only
   * writes, preconditions on metadata.resourceVersion, and finalization.
   */
  async update(
    info: ResourceInfo,
    ns: string | undefined,
    name: string,
    compute: (live: Obj | undefined) => Obj | Promise<Obj>,
    opts: WriteOptions & {
      subresource?: 'status';
      allowCreate?: boolean;
      internal?: boolean;
      managedSubresource?: string;
      /**
       * false for internal writes that change only fields whose values the server itself made valid
       * (pods/binding sets spec.nodeName and the PodScheduled condition): the stored object passed the
       * schema already, so it is not checked again, as Kubernetes' binding writes storage directly.
       */
      validateSchema?: boolean;
    },
  ): Promise<{ object: Obj; created: boolean }> {
    const c = conversionFor(info);
    if (c) {
      const convert = async (live: Obj | undefined): Promise<Obj> => this.incoming(info, await compute(live && toServed(info, live)));
      const r = await this.update(c.storage, ns, name, convert, { ...opts, servedAs: info });
      return { object: toServed(info, r.object), created: r.created };
    }
    const key = this.key(info, ns, name);
    const mod = moduleFor(info);
    const hooks = mod.writeHooks;
    let created = false;
    let freed: Release | undefined;
    let allocated: Release | undefined;
    let dryResult: Obj | undefined;
    const manager = opts.fieldManager ?? 'unknown';
    try {
      const stored = await this.store.guaranteedUpdate(key, async (cur: Stored | undefined) => {
        if (allocated) {
          await allocated();
          allocated = undefined;
        }
        if (!cur) {
          if (!opts.allowCreate || opts.subresource) throw errors.notFound(info.plural, name, info.group);
          const desired = await compute(undefined);
          created = true;
          const m = meta(desired);
          if (m.name !== undefined && m.name !== name) throw errors.badRequest(`the name of the object (${String(m.name)}) does not match the name on the URL (${name})`);
          m.name = name;
          delete m.resourceVersion;
          const result = await this.create(info, ns, desired, { ...opts, dryRun: true });
          if (opts.dryRun) {
            dryResult = result;
            return undefined;
          }
          if (hooks) allocated = await hooks.claim(this.env, result);
          return result;
        }
        // cur.object may be the watch cache's shared copy: it is only read (`live`), never changed.
        const live = cur.object;
        const input = clone(live);
        const computed = await compute(input);
        const desired = computed === input ? computed : clone(computed);
        const dm = meta(desired);
        if (dm.name !== undefined && dm.name !== name) throw errors.badRequest(`the name of the object (${String(dm.name)}) does not match the name on the URL (${name})`);
        if (info.namespaced && dm.namespace !== undefined && dm.namespace !== ns)
          throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
        if (dm.resourceVersion !== undefined && dm.resourceVersion !== '' && dm.resourceVersion !== cur.rv)
          throw errors.conflict(info.plural, name, 'the object has been modified; please apply your changes to the latest version and try again', info.group);
        let next: Obj;
        if (opts.subresource === 'status') {
          next = prepareForStatusUpdate(mod, desired, live);
        } else {
          next = desired;
          const nm = meta(next);
          nm.name = name;
          if (info.namespaced) nm.namespace = ns;
          mod.defaults?.(next);
          prepareForUpdate(mod, next, live, opts.internal);
        }
        meta(next).resourceVersion = cur.rv;
        this.out(info, next);
        const plugins = this.admissionFor(opts);
        const admission = plugins.length > 0 ? this.admissionRequest(opts.servedAs ?? info, 'UPDATE', opts.user!, ns, name, opts.subresource ?? opts.managedSubresource ?? '', next, live) : undefined;
        if (admission) {
          await Registry.admit(plugins, admission);
          meta(next).resourceVersion = cur.rv;
          this.out(info, next);
        }
        this.validate(info, next, live, !(opts.internal && opts.validateSchema === false), opts.subresource ?? opts.managedSubresource, opts.servedAs);
        if (admission) await Registry.validateAdmission(plugins, admission);
        if (!opts.internal && opts.fieldManager !== undefined) this.recordManaged(info, opts.servedAs, live, next, manager, nowRFC3339(this.clock()), opts.subresource ?? opts.managedSubresource);
        if (hooks && opts.subresource !== 'status') {
          allocated = await hooks.claim(this.env, next, live);
          freed = hooks.freed(this.env, live, next);
        }
        if (opts.dryRun) {
          dryResult = next;
          return undefined;
        }
        return next;
      });
      if (dryResult) return { object: this.out(info, dryResult), created };
      if (!stored) throw errors.notFound(info.plural, name, info.group);
      if (freed) await freed();
      if (readyToDelete(mod, stored.object)) {
        const gone = await this.store.delete(key, stored.rv).catch(() => undefined);
        if (gone && hooks) await hooks.freed(this.env, gone.object)();
      }
      return { object: this.out(info, stored.object), created };
    } catch (e) {
      if (allocated) await allocated();
      throw this.translate(e, info, name);
    }
  }

  /** Deletes or marks for deletion. Returns the final state and whether it left storage. */
  async delete(info: ResourceInfo, ns: string | undefined, name: string, opts: DeleteOptions): Promise<{ object: Obj; deleted: boolean }> {
    const c = conversionFor(info);
    if (c) {
      const r = await this.delete(c.storage, ns, name, opts);
      return { ...r, object: toServed(info, r.object) };
    }
    const key = this.key(info, ns, name);
    const cur = await this.store.get(key);
    if (!cur) throw errors.notFound(info.plural, name, info.group);
    const m = isObj(cur.object.metadata) ? cur.object.metadata : {};
    const pre = opts.preconditions;
    if (pre?.uid !== undefined && pre.uid !== m.uid)
      throw errors.conflict(info.plural, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(m.uid)}`, info.group);
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== cur.rv)
      throw errors.conflict(info.plural, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.rv}`, info.group);
    const plugins = this.admissionFor(opts);
    if (plugins.length > 0) {
      const r = this.admissionRequest(info, 'DELETE', opts.user!, ns, name, '', undefined, clone(cur.object));
      await Registry.admit(plugins, r);
      await Registry.validateAdmission(plugins, r);
    }
    const mod = moduleFor(info);
    if (!gracefulDeletion(mod, cur.object, opts)) {
      if (opts.dryRun) return { object: this.out(info, clone(cur.object)), deleted: true };
      try {
        const gone = await this.store.delete(key, cur.rv);
        if (mod.writeHooks) await mod.writeHooks.freed(this.env, gone.object)();
        return { object: this.out(info, gone.object), deleted: true };
      } catch (e) {
        if (e instanceof StorageError && e.code === 'Conflict') return this.delete(info, ns, name, opts);
        throw this.translate(e, info, name);
      }
    }
    const result = await this.update(info, ns, name, (live) => markDeleting(mod, live!, opts, this.clock()), { dryRun: opts.dryRun, internal: true });
    return { object: result.object, deleted: false };
  }
}

/** A watch on a served version that is not the storage version: each event's object in that version. */
async function* convertEvents(info: ResourceInfo, events: AsyncIterable<WatchEvent>): AsyncIterable<WatchEvent> {
  for await (const ev of events) yield ev.type === 'BOOKMARK' ? ev : { ...ev, object: toServed(info, ev.object) };
}
