// OpenAPI v3 path items for one resource of the catalogue: list/create/deletecollection on the
// collection, get/replace/patch/delete on the item, the all-namespaces list, and subresources
// (status, scale, binding, eviction, log, exec/attach/portforward, token, finalize). Every PATCH
// declares x-kubernetes-group-version-kind and a `fieldValidation` query parameter, which is what
// kubectl checks before sending ?fieldValidation=Strict.
import type { ResourceInfo } from '../registry/resources.js';
import { refPrefix, type GroupVersionKind, type Schema } from './types.js';

export interface Parameter {
  name: string;
  in: 'query' | 'path';
  description: string;
  required?: boolean;
  schema: Schema;
  uniqueItems?: boolean;
}

export interface Operation {
  tags: string[];
  description: string;
  operationId: string;
  'x-kubernetes-action': string;
  'x-kubernetes-group-version-kind': GroupVersionKind;
  parameters?: Parameter[];
  requestBody?: { required: true; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}

export interface PathItem {
  parameters?: Parameter[];
  get?: Operation;
  put?: Operation;
  post?: Operation;
  patch?: Operation;
  delete?: Operation;
}

/** Resolves a GVK to its definition name (undefined when no schema was generated for it). */
export type SchemaLookup = (gvk: GroupVersionKind) => string | undefined;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };

function q(name: string, schema: Schema, description: string): Parameter {
  return { name, in: 'query', description, schema };
}

const p = {
  pretty: q('pretty', str, "If 'true', then the output is pretty printed."),
  dryRun: q('dryRun', str, 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed'),
  fieldManager: q('fieldManager', str, 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  fieldValidation: q(
    'fieldValidation',
    str,
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn (the default) - Strict: fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present.',
  ),
  force: q('force', bool, 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.'),
  continue: q('continue', str, 'The continue option should be set when retrieving more results from the server.'),
  fieldSelector: q('fieldSelector', str, 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  labelSelector: q('labelSelector', str, 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  limit: q('limit', int, 'limit is a maximum number of responses to return for a list call.'),
  resourceVersion: q('resourceVersion', str, 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  resourceVersionMatch: q('resourceVersionMatch', str, 'resourceVersionMatch determines how resourceVersion is applied to list calls.'),
  timeoutSeconds: q('timeoutSeconds', int, 'Timeout for the list/watch call.'),
  watch: q('watch', bool, 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.'),
  allowWatchBookmarks: q('allowWatchBookmarks', bool, 'allowWatchBookmarks requests watch events with type "BOOKMARK".'),
  gracePeriodSeconds: q('gracePeriodSeconds', int, 'The duration in seconds before the object should be deleted. Zero means delete immediately.'),
  orphanDependents: q('orphanDependents', bool, 'Deprecated: please use the PropagationPolicy.'),
  propagationPolicy: q('propagationPolicy', str, "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'."),
};

const listParams = [p.allowWatchBookmarks, p.continue, p.fieldSelector, p.labelSelector, p.limit, p.resourceVersion, p.resourceVersionMatch, p.timeoutSeconds, p.watch];
const writeParams = [p.dryRun, p.fieldManager, p.fieldValidation];
const deleteParams = [p.dryRun, p.gracePeriodSeconds, p.orphanDependents, p.propagationPolicy];
const logParams = ['container', 'follow', 'insecureSkipTLSVerifyBackend', 'limitBytes', 'previous', 'sinceSeconds', 'tailLines', 'timestamps'].map(
  (n) => q(n, ['container'].includes(n) ? str : ['limitBytes', 'sinceSeconds', 'tailLines'].includes(n) ? int : bool, `${n} option of the log request.`),
);
const execParams = ['command', 'container', 'stderr', 'stdin', 'stdout', 'tty'].map((n) =>
  q(n, n === 'command' || n === 'container' ? str : bool, `${n} option of the request.`),
);

const jsonish = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
// No application/strategic-merge-patch+json: kubectl would then compute patches from these schemas
// (which carry no patch merge keys); without it kubectl uses its compiled-in types.
const patchTypes = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'];

function body(types: string[], schema: Schema): Record<string, { schema: Schema }> {
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}

function ref(name: string | undefined): Schema {
  return name ? { $ref: refPrefix + name } : { type: 'object' };
}

function pascal(s: string): string {
  return s
    .split(/[.\-/]/)
    .filter((x) => x && x !== 'k8s' && x !== 'io')
    .map((x) => x.charAt(0).toUpperCase() + x.slice(1))
    .join('');
}

export interface ResourceContext {
  info: ResourceInfo;
  lookup: SchemaLookup;
}

/** Path items (keyed by path) for one resource. */
export function resourcePaths({ info, lookup }: ResourceContext): Record<string, PathItem> {
  const g = info.group;
  const gv = g ? `/apis/${g}/${info.version}` : `/api/${info.version}`;
  const tag = g ? `${pascal(g)}_${info.version}` : `core_${info.version}`;
  const idPart = `${g ? pascal(g) : 'Core'}${pascal(info.version)}`;
  const ns = info.namespaced ? 'Namespaced' : '';
  const gvk: GroupVersionKind = { group: g, version: info.version, kind: info.kind };
  const kindRef = ref(lookup(gvk));
  const listRef = ref(lookup({ ...gvk, kind: info.listKind }));
  const statusRef = ref(lookup({ group: '', version: 'v1', kind: 'Status' }));
  const deleteOptsRef = ref(lookup({ ...gvk, kind: 'DeleteOptions' }) ?? lookup({ group: '', version: 'v1', kind: 'DeleteOptions' }));
  const verbs = new Set(info.verbs);

  const op = (
    verb: string,
    action: string,
    what: string,
    opts: { params?: Parameter[]; req?: Record<string, { schema: Schema }>; res?: Schema; resTypes?: string[]; created?: boolean; gvk?: GroupVersionKind },
  ): Operation => {
    const content = body(opts.resTypes ?? jsonish, opts.res ?? kindRef);
    const responses: Operation['responses'] = { '200': { description: 'OK', content } };
    if (opts.created) {
      responses['201'] = { description: 'Created', content };
      responses['202'] = { description: 'Accepted', content };
    }
    responses['401'] = { description: 'Unauthorized' };
    const o: Operation = {
      tags: [tag],
      description: what,
      operationId: `${verb}${idPart}${ns}${pascal(info.kind)}`,
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': opts.gvk ?? gvk,
      responses,
    };
    if (opts.params && opts.params.length > 0) o.parameters = opts.params;
    if (opts.req) o.requestBody = { required: true, content: opts.req };
    return o;
  };

  const pathParam = (name: string, description: string): Parameter => ({ name, in: 'path', description, required: true, schema: str, uniqueItems: true });
  const nsParam = pathParam('namespace', 'object name and auth scope, such as for teams and projects');
  const nameParam = (k: string) => pathParam('name', `name of the ${k}`);
  const scope = info.namespaced ? [nsParam] : [];
  const collection = info.namespaced ? `${gv}/namespaces/{namespace}/${info.plural}` : `${gv}/${info.plural}`;
  const item = `${collection}/{name}`;
  const out: Record<string, PathItem> = {};
  const kindLabel = info.kind;

  const coll: PathItem = { parameters: [...scope, p.pretty] };
  if (verbs.has('list')) coll.get = op('list', 'list', `list or watch objects of kind ${kindLabel}`, { params: listParams, res: listRef, resTypes: [...jsonish, 'application/json;stream=watch'] });
  if (verbs.has('create')) coll.post = op('create', 'post', `create a ${kindLabel}`, { params: writeParams, req: body(jsonish.slice(0, 2), kindRef), created: true });
  if (verbs.has('deletecollection')) {
    coll.delete = op('deleteCollection', 'deletecollection', `delete collection of ${kindLabel}`, { params: [...listParams, ...deleteParams], req: body(jsonish.slice(0, 2), deleteOptsRef), res: statusRef });
  }
  if (coll.get || coll.post || coll.delete) out[collection] = coll;

  const it: PathItem = { parameters: [nameParam(kindLabel), ...scope, p.pretty] };
  if (verbs.has('get')) it.get = op('read', 'get', `read the specified ${kindLabel}`, {});
  if (verbs.has('update')) it.put = op('replace', 'put', `replace the specified ${kindLabel}`, { params: writeParams, req: body(jsonish.slice(0, 2), kindRef), created: true });
  if (verbs.has('patch')) it.patch = op('patch', 'patch', `partially update the specified ${kindLabel}`, { params: [...writeParams, p.force], req: body(patchTypes, { type: 'object' }), created: true });
  if (verbs.has('delete')) it.delete = op('delete', 'delete', `delete a ${kindLabel}`, { params: deleteParams, req: body(jsonish.slice(0, 2), deleteOptsRef), res: statusRef, created: true });
  if (it.get || it.put || it.patch || it.delete) out[item] = it;

  if (info.namespaced && verbs.has('list')) {
    const all = op('list', 'list', `list all objects of kind ${kindLabel}`, { params: listParams, res: listRef, resTypes: [...jsonish, 'application/json;stream=watch'] });
    all.operationId = `list${idPart}${pascal(info.kind)}ForAllNamespaces`;
    out[`${gv}/${info.plural}`] = { parameters: [p.pretty], get: all };
  }

  for (const sub of info.subresources) {
    const subPath = `${item}/${sub}`;
    const sp: PathItem = { parameters: [nameParam(kindLabel), ...scope, p.pretty] };
    const subOp = (verb: string, action: string, what: string, o: Parameters<typeof op>[3]): Operation => {
      const r = op(verb, action, what, o);
      r.operationId = `${r.operationId}${pascal(sub)}`;
      return r;
    };
    switch (sub) {
      case 'status':
      case 'ephemeralcontainers':
      case 'scale': {
        const sgvk = sub === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : gvk;
        const sref = sub === 'scale' ? ref(lookup(sgvk)) : kindRef;
        sp.get = subOp('read', 'get', `read ${sub} of the specified ${kindLabel}`, { res: sref, gvk: sgvk });
        sp.put = subOp('replace', 'put', `replace ${sub} of the specified ${kindLabel}`, { params: writeParams, req: body(jsonish.slice(0, 2), sref), res: sref, created: true, gvk: sgvk });
        sp.patch = subOp('patch', 'patch', `partially update ${sub} of the specified ${kindLabel}`, { params: [...writeParams, p.force], req: body(patchTypes, { type: 'object' }), res: sref, created: true, gvk: sgvk });
        break;
      }
      case 'binding':
      case 'eviction':
      case 'token': {
        const sgvk =
          sub === 'binding'
            ? { group: '', version: 'v1', kind: 'Binding' }
            : sub === 'eviction'
              ? { group: 'policy', version: 'v1', kind: 'Eviction' }
              : { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' };
        const sref = ref(lookup(sgvk));
        sp.post = subOp('create', 'post', `create ${sub} of a ${kindLabel}`, { params: writeParams, req: body(jsonish.slice(0, 2), sref), res: sref, created: true, gvk: sgvk });
        break;
      }
      case 'finalize':
        sp.put = subOp('replace', 'put', `replace finalize of the specified ${kindLabel}`, { params: writeParams, req: body(jsonish.slice(0, 2), kindRef), created: true });
        break;
      case 'log':
        sp.get = subOp('read', 'get', `read log of the specified ${kindLabel}`, { params: logParams, res: str, resTypes: ['text/plain', ...jsonish] });
        break;
      case 'exec':
      case 'attach':
      case 'portforward': {
        const cgvk = { group: '', version: 'v1', kind: sub === 'portforward' ? 'PodPortForwardOptions' : sub === 'exec' ? 'PodExecOptions' : 'PodAttachOptions' };
        const params = sub === 'portforward' ? [q('ports', int, 'List of ports to forward.')] : execParams;
        sp.get = subOp('connectGet', 'connect', `connect GET requests to ${sub} of ${kindLabel}`, { params, res: str, resTypes: ['*/*'], gvk: cgvk });
        sp.post = subOp('connectPost', 'connect', `connect POST requests to ${sub} of ${kindLabel}`, { params, res: str, resTypes: ['*/*'], gvk: cgvk });
        break;
      }
      default:
        continue;
    }
    out[subPath] = sp;
  }
  return out;
}

/** `GET /apis/<g>/<v>/` (get available resources), present in every Kubernetes GV document. */
export function resourceListPath(group: string, version: string, lookup: SchemaLookup): Record<string, PathItem> {
  const gv = group ? `/apis/${group}/${version}/` : `/api/${version}/`;
  const idPart = `${group ? pascal(group) : 'Core'}${pascal(version)}`;
  const gvk = { group: '', version: 'v1', kind: 'APIResourceList' };
  return {
    [gv]: {
      get: {
        tags: [group ? `${pascal(group)}_${version}` : `core_${version}`],
        description: 'get available resources',
        operationId: `get${idPart}APIResources`,
        'x-kubernetes-action': 'get',
        'x-kubernetes-group-version-kind': gvk,
        responses: { '200': { description: 'OK', content: body(jsonish, ref(lookup(gvk))) }, '401': { description: 'Unauthorized' } },
      },
    },
  };
}
