// The contract every API resource implements, as Kubernetes' pkg/registry/<group>/<resource>/strategy.go:
// its catalogue entry, defaulting, create/update preparation, validation, name rule, Table printer,
// field selectors, deletion rules, write hooks and subresources. Only `info` is required; every
// optional member has a generic default (see ../rest.ts and ./define.ts).
import type { FieldError } from '../../../apimachinery/errors.js';
import type { FieldLabels } from '../../../apimachinery/fields.js';
import type { Obj } from '../../../apimachinery/objects.js';
import type { NameKind } from '../../../apimachinery/validation.js';
import type { Printer } from '../../printers/types.js';

/** The catalogue entry: the single source for routes, discovery, OpenAPI and storage keys. */
export interface ResourceInfo {
  group: string; // '' for core
  version: string;
  kind: string;
  listKind: string;
  plural: string; // resource name in URLs
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  /** Subresources served for this resource, e.g. status, scale, binding, eviction, log, exec. */
  subresources: string[];
  /** Whether the object has a spec whose changes bump metadata.generation. */
  hasGeneration: boolean;
  /**
   * Set on a served version that is not the storage version (autoscaling/v1 HPAs, events.k8s.io/v1
   * Events): the group-version its objects are stored in. Absent on the storage version itself.
   */
  storageVersion?: { group: string; version: string };
}

/** apiVersion + kind of a request body. */
export interface TypeRef {
  apiVersion: string;
  kind: string;
}

/**
 * A write through a subresource (binding, finalize, approval, scale): the handler reads the live
 * object, builds the next one with `apply` and stores it through the generic update.
 */
export interface WriteSubresource {
  type: 'write';
  /** What PUT/POST bodies must be; PATCH bodies patch `view(live)` as this type. */
  body: TypeRef;
  methods: readonly ('POST' | 'PUT' | 'PATCH')[];
  /** GET answers `view(live)`. */
  get?: boolean;
  /** What GET returns and PATCH patches, and what a write answers: the object itself when absent (Scale for scale). */
  view?(o: Obj): Obj;
  /** Decode and check PUT/POST bodies before the object is read (binding, finalize); otherwise after. */
  checkFirst?: boolean;
  /** Checks a PUT/POST body beyond its type (binding's target); throws ApiErrors. */
  checkBody?(body: Obj, name: string): void;
  /** The object to store, from a copy of the live one and the request's (PUT/POST) or patched (PATCH) body. */
  apply(live: Obj, body: Obj, name: string): Obj;
  /** PUT bodies' metadata.resourceVersion is a precondition (scale, approval); otherwise the write is unconditional. */
  bodyPrecondition?: boolean;
  /** Server-built write on the live object: status and deletion fields kept (see prepareForUpdate). */
  internal?: boolean;
  /** Honour ?dryRun. */
  dryRun?: boolean;
  /** Record Update-operation field ownership for ?fieldManager. */
  fieldManager?: boolean;
  /** false: the stored object is not schema-checked again (binding changes only server-made values). */
  validateSchema?: false;
  /** 'created': answer 201 with a Success Status instead of the object. */
  response?: 'created';
}

/** What a subresource does; the handlers implement each type once for every resource. */
export type Subresource =
  | { type: 'status' }
  | WriteSubresource
  /** Deletion through a POSTed body carrying deleteOptions (pods/eviction). */
  | { type: 'delete'; body: TypeRef }
  /** Served by the pod's node (log, exec, attach, portforward). */
  | { type: 'kubelet' }
  /** serviceaccounts/token: a TokenRequest for the live object. */
  | { type: 'token' };

/** A field selector's labels and how to read each from an object (GetAttrs); metadata.name/namespace are always there. */
export type { FieldLabels };

/** Grace-related delete options a resource's deletion rules may read. */
export interface GraceOptions {
  gracePeriodSeconds?: number;
}

export interface DeletionRules {
  /**
   * Graceful deletion with a grace period (pods): deletionTimestamp is set `seconds` ahead and may be
   * shortened by a later delete; 0 deletes at once. Without it, an object goes at once unless
   * finalizers, a propagation policy or `alwaysMark` keep it.
   */
  gracePeriodSeconds?(o: Obj, opts: GraceOptions): number;
  /** Every delete only marks the object (namespaces: their content goes first). */
  alwaysMark?: boolean;
  /** Extra changes when the object is marked for deletion (namespace phase Terminating). */
  onMark?(o: Obj): void;
  /** Whether a marked object without metadata finalizers may now leave storage; true when absent. */
  readyToDelete?(o: Obj): boolean;
}

/** Gives back what a write claimed (allocated IPs and ports). */
export type Release = () => Promise<void>;

/** The per-server ranges write hooks claim from (Service ClusterIPs and node ports). */
export interface ServiceRanges {
  allocateIP(owner: string, requested?: string): Promise<string>;
  releaseIP(ip: string): Promise<void>;
  allocatePort(owner: string, requested?: number, field?: string): Promise<number>;
  releasePort(port: number): Promise<void>;
}

/** What write hooks may use. */
export interface HookEnv {
  ranges: ServiceRanges;
}

/** Claims made by a write beside storage (Service ClusterIP / NodePort / healthCheckNodePort). */
export interface WriteHooks {
  /** Claims what `o` needs (fills the values into `o`), keeping what `old` already held; returns how to undo it. */
  claim(env: HookEnv, o: Obj, old?: Obj): Promise<Release>;
  /** What `old` held that `updated` (or, when undefined, a deletion) no longer uses. */
  freed(env: HookEnv, old: Obj, updated?: Obj): Release;
}

/**
 * Another group-version the resource is served in, as Kubernetes serves one stored resource in
 * several versions (autoscaling/v1 and v2) or groups (events.k8s.io/v1 and core/v1 Events): objects
 * are converted to the storage form when they come in (request bodies, patched objects) and back
 * when they go out (responses, lists, watch events). Everything the module does (defaults,
 * validation, lifecycle, printing, field selectors) works on the storage form.
 */
export interface ServedVersion {
  group: string;
  version: string;
  /** Discovery details when they differ from the storage version's. */
  shortNames?: string[];
  categories?: string[];
  /** This version's SetDefaults_*, on the object as written in this version, before conversion. */
  defaults?(o: Obj): void;
  /** The storage form of an object of this version (a new object; `o` is left untouched). */
  toStorage(o: Obj): Obj;
  /** This version's form of a stored object (a new object; `o` may be shared and is left untouched). */
  fromStorage(o: Obj): Obj;
  /** Checks of creates made through this version, on the storage form, after the module's own. */
  validate?(o: Obj): FieldError[];
  /** Checks of updates made through this version, on the storage form, after the module's own (`validate` does not run on updates). */
  validateUpdate?(o: Obj, old: Obj): FieldError[];
  /** Field selector labels of this version, each naming the module's `fieldLabels` label it reads; metadata.name/namespace always work. */
  fieldLabels?: Readonly<Record<string, string>>;
}

/**
 * A create-only resource whose create is a write through another resource's subresource (core/v1
 * `bindings` → `pods/binding`): the body's metadata.name names the target object, in the same namespace.
 */
export interface CreateVia {
  group: string;
  version: string;
  plural: string;
  subresource: string;
}

/** What a computed resource may read to build its items: the server's storage and configured health endpoints. */
export interface ComputedEnv {
  /** undefined when storage answers; otherwise why it does not. */
  storageError(): Promise<string | undefined>;
  /** The component health endpoints the server was configured with, by component name. */
  healthEndpoints: Readonly<Record<string, string>>;
  /** GET `url`: the body of a 2xx answer, or why the endpoint is unhealthy. */
  probe(url: string): Promise<{ healthy: boolean; message: string }>;
}

/** A read-only resource computed on each request (componentstatuses), never stored: get and list only. */
export interface Computed {
  items(env: ComputedEnv): Promise<Obj[]>;
}

export interface ResourceModule {
  info: ResourceInfo;
  /** The other group-versions this resource is served in; the module's own group/version is the storage version. */
  versions?: readonly ServedVersion[];
  /** A deprecation warning every request on the resource answers with (HTTP Warning 299), as "v1 ComponentStatus is deprecated in v1.19+". */
  warning?: string;
  /** Computed on each request instead of stored (get and list only). */
  computed?: Computed;
  /** Create-only: a POST is served as a write through another resource's subresource. */
  createVia?: CreateVia;
  /** Name syntax of metadata.name; DNS-1123 subdomain when absent. */
  nameKind?: NameKind;
  /** SetDefaults_*: runs on create and on update, in place. */
  defaults?(o: Obj): void;
  /** Resets what a create may not set (status), after the generic metadata handling. */
  prepareForCreate?(o: Obj): void;
  /** Main-resource update after the generic handling (status, identity, generation). */
  prepareForUpdate?(o: Obj, old: Obj): void;
  /** Status-subresource update: `next` is the old object with the new status. */
  prepareForStatusUpdate?(next: Obj, old: Obj): void;
  /** Semantic validation on create (what the schema cannot say). */
  validate?(o: Obj): FieldError[];
  /** Create-only checks (Ingress's class annotation), run after `validate` when an object is created. */
  validateCreate?(o: Obj): FieldError[];
  /** Update-only checks (immutable fields), run after `validate` on every update; `subresource` names the one written through. */
  validateUpdate?(o: Obj, old: Obj, subresource?: string): FieldError[];
  /** PUT to a missing object creates it (endpoints, leases). */
  allowCreateOnUpdate?: boolean;
  /** Table columns and rows; NAME AGE when absent. */
  printer?: Printer;
  /** Field selector labels beyond metadata.name/namespace. */
  fieldLabels?: FieldLabels;
  deletion?: DeletionRules;
  writeHooks?: WriteHooks;
  /** The subresources served, in discovery order. */
  subresources?: Readonly<Record<string, Subresource>>;
}
