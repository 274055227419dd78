// `kubectl apply -f` (client-side: last-applied-configuration annotation + three-way patch) and
// `kubectl create -f`, printing `kind.group/name created|configured|unchanged`.
import { forKind, kindGroup, resourcePath, type ApiResource } from './cli-runtime/discovery.js';
import { CliError, ServerError, withSource, type IO } from './cli-runtime/io.js';
import { readManifests, type Manifest } from './manifests.js';
import { goJson, isObject, threeWayMergePatch, type JsonObject } from './merge.js';
import type { Session } from './cli-runtime/session.js';
import { hasStrategicSchema, threeWayStrategicPatch } from './strategic.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ApplyOptions {
  filenames: string[];
  recursive: boolean;
  /** create -f instead of apply -f. */
  create?: boolean;
  /** apply --server-side: PATCH application/apply-patch+yaml with a field manager. */
  serverSide?: boolean;
  fieldManager?: string;
  forceConflicts?: boolean;
}

export async function apply(s: Session, o: ApplyOptions, io: IO): Promise<number> {
  const sources = await readManifests(o.filenames, o.recursive, io);
  let resources = await s.resources();
  let failed = false;
  for (const src of sources) {
    for (const obj of src.objects) {
      try {
        if (!obj.apiVersion || !obj.kind) throw new CliError(`error: error validating "${src.name}": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false`);
        const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/', 2)[0] : '';
        // a kind missing from cached discovery may be new: ask the server again, as kubectl does
        if (s.usedCache && !resources.some((x) => x.group === group && x.kind === obj.kind)) resources = await s.refresh();
        // An unknown group-version passes validation (the server's /openapi/v2 has no schema for it) and
        // fails in the REST mapping below with "no matches for kind", as kubectl's does.
        const r = forKind(resources, obj.apiVersion, obj.kind, obj.metadata?.name, src.name);
        const ns = r.namespaced ? (obj.metadata?.namespace ?? s.namespace) : undefined;
        if (r.namespaced && obj.metadata?.namespace && s.explicitNamespace && obj.metadata.namespace !== s.namespace) {
          throw new CliError(`error: the namespace from the provided object "${obj.metadata.namespace}" does not match the namespace "${s.namespace}". You must pass '--namespace=${obj.metadata.namespace}' to perform this operation.`);
        }
        const verb = o.create ? await createOne(s, r, ns, obj, src.name) : o.serverSide ? await serverSideOne(s, r, ns, obj, src.name, o) : await applyOne(s, r, ns, obj, src.name);
        io.stdout(`${kindGroup(r)}/${obj.metadata?.name ?? ''} ${verb}\n`);
      } catch (e) {
        if (!(e instanceof CliError)) throw e;
        io.stderr(e.message + '\n');
        failed = true;
      }
    }
  }
  return failed ? 1 : 0;
}

/** The manifest as kubectl records it: namespace filled in, the annotation itself left out. */
export function lastAppliedValue(obj: Manifest, ns: string | undefined): string {
  const metadata = { ...(obj.metadata ?? {}) };
  if (ns) metadata.namespace = ns;
  const annotations = { ...(metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  metadata.annotations = annotations;
  return goJson({ ...obj, metadata }) + '\n';
}

function withAnnotation(obj: Manifest, ns: string | undefined): JsonObject {
  const value = lastAppliedValue(obj, ns);
  const metadata = { ...(obj.metadata ?? {}), annotations: { ...(obj.metadata?.annotations ?? {}), [LAST_APPLIED]: value } };
  if (ns) metadata.namespace = ns;
  return { ...obj, metadata };
}


async function createOne(s: Session, r: ApiResource, ns: string | undefined, obj: Manifest, source: string): Promise<string> {
  try {
    await s.rest.json(resourcePath(r, ns), { method: 'POST', body: obj, query: { fieldManager: 'kubectl-create', fieldValidation: 'Strict' } });
  } catch (e) {
    throw withSource(e, 'creating', source);
  }
  return 'created';
}

async function applyOne(s: Session, r: ApiResource, ns: string | undefined, obj: Manifest, source: string): Promise<string> {
  const name = obj.metadata?.name;
  if (!name) throw new CliError(`error: error when retrieving current configuration of:\nResource: "${r.resource}", GroupVersionKind: "${obj.apiVersion}, Kind=${obj.kind}"\nName: "", Namespace: "${ns ?? ''}"\nfrom server for: "${source}": resource name may not be empty`);
  const path = resourcePath(r, ns, name);
  const current = await s.rest.request(path);
  const modified = withAnnotation(obj, ns);
  if (current.status === 404) {
    try {
      await s.rest.json(resourcePath(r, ns), { method: 'POST', body: modified, query: { fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' } });
    } catch (e) {
      throw withSource(e, 'creating', source);
    }
    return 'created';
  }
  if (current.status !== 200) {
    const { statusError } = await import('./cli-runtime/rest.js');
    throw statusError(current);
  }
  const live = JSON.parse(current.text) as JsonObject;
  const liveMeta = isObject(live.metadata) ? live.metadata : {};
  const annotations = isObject(liveMeta.annotations) ? liveMeta.annotations : {};
  let original: JsonObject | undefined;
  if (typeof annotations[LAST_APPLIED] === 'string') {
    try {
      const parsed = JSON.parse(annotations[LAST_APPLIED]) as unknown;
      if (isObject(parsed)) original = parsed;
    } catch {
      original = undefined;
    }
  }
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const strategic = hasStrategicSchema(gvk);
  const patch = strategic ? threeWayStrategicPatch(original, modified, live, gvk) : threeWayMergePatch(original, modified, live);
  if (Object.keys(patch).length === 0) return 'unchanged';
  try {
    const contentType = strategic ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json';
    await s.rest.json(path, { method: 'PATCH', body: patch, contentType, query: { fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' } });
  } catch (e) {
    throw withSource(e, 'patching', source);
  }
  return 'configured';
}

const SSA_CONFLICT_HINT = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

/** apply --server-side: the manifest as an apply patch (JSON is YAML), owned by --field-manager. */
async function serverSideOne(s: Session, r: ApiResource, ns: string | undefined, obj: Manifest, source: string, o: ApplyOptions): Promise<string> {
  const name = obj.metadata?.name ?? '';
  try {
    await s.rest.json(resourcePath(r, ns, name), {
      method: 'PATCH',
      body: JSON.stringify(obj),
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: o.fieldManager ?? 'kubectl', force: o.forceConflicts || undefined, fieldValidation: 'Strict' },
    });
  } catch (e) {
    if (e instanceof ServerError && e.reason === 'Conflict') throw new CliError(`error: ${e.serverMessage}\n${SSA_CONFLICT_HINT}`);
    throw withSource(e, 'patching', source);
  }
  return 'serverside-applied';
}
