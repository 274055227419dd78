// `kubectl describe TYPE [NAME…] | TYPE/NAME [-l selector] [-A]`: fetches the objects and prints
// each with its kind's describer (pods, deployments, services, nodes), others generically;
// several objects are separated by a blank line as kubectl does.
import { kindGroup, resourcePath, type ApiResource, parseTypeArgs } from '../cli-runtime/discovery.js';
import { CliError, ServerError, type IO } from '../cli-runtime/io.js';
import type { Session } from '../cli-runtime/session.js';
import { writeAnnotations, writeEvents, eventsFor, writeLabels, type KObj } from './common.js';
import { describeDeployment, type Deployment } from './deployment.js';
import { TabWriter } from './gotab.js';
import { describePod, type Pod } from './pod.js';
import { describeNode, describeService } from './service.js';

export interface DescribeOptions {
  args: string[];
  selector?: string;
  allNamespaces: boolean;
  /** --show-events (default true): false leaves the Events section out. */
  showEvents?: boolean;
}

export async function describe(s: Session, o: DescribeOptions, io: IO): Promise<number> {
  if (o.args.length === 0) throw new CliError('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  const requests = parseTypeArgs(await s.resources(), o.args);
  const outputs: string[] = [];
  let failed = false;
  for (const req of requests) {
    const ns = req.resource.namespaced ? (o.allNamespaces ? undefined : s.namespace) : undefined;
    let objects: KObj[] = [];
    if (req.names.length) {
      for (const n of req.names) {
        try {
          objects.push(await s.rest.json<KObj>(resourcePath(req.resource, ns ?? s.namespace, n)));
        } catch (e) {
          if (!(e instanceof ServerError)) throw e;
          io.stderr(`${e.message}\n`);
          failed = true;
        }
      }
    } else {
      const list = await s.rest.json<{ items?: KObj[] }>(resourcePath(req.resource, ns), { query: { labelSelector: o.selector } });
      objects = list.items ?? [];
    }
    for (const obj of objects) outputs.push(await describeOne(s, req.resource, obj, o.showEvents !== false));
  }
  if (outputs.length === 0 && !failed) {
    io.stderr(o.allNamespaces || !requests.some((r) => r.resource.namespaced) ? 'No resources found\n' : `No resources found in ${s.namespace} namespace.\n`);
    return 0;
  }
  io.stdout(outputs.join('\n\n'));
  return failed ? 1 : 0;
}

export async function describeOne(s: Session, r: ApiResource, obj: KObj, showEvents = true): Promise<string> {
  switch (kindGroup(r)) {
    case 'pod':
      return describePod(s, obj as Pod, showEvents);
    case 'deployment.apps':
      return describeDeployment(s, obj as Deployment, showEvents);
    case 'service':
      return describeService(s, obj as never, showEvents);
    case 'node':
      return describeNode(s, obj as never, showEvents);
    default:
      return describeGeneric(s, r, obj, showEvents);
  }
}

/** Other kinds: identity, then the remaining top-level fields nested as kubectl's generic describer. */
async function describeGeneric(s: Session, r: ApiResource, obj: KObj, showEvents: boolean): Promise<string> {
  const w = new TabWriter();
  w.write(`Name:\t${obj.metadata.name}\n`);
  if (r.namespaced) w.write(`Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  writeLabels(w, 0, obj.metadata.labels);
  writeAnnotations(w, 0, obj.metadata.annotations);
  const rest = obj as unknown as Record<string, unknown>;
  w.write(`API Version:\t${String(rest.apiVersion ?? '')}\n`);
  w.write(`Kind:\t${String(rest.kind ?? r.kind)}\n`);
  w.write(`Metadata:\n  Creation Timestamp:\t${obj.metadata.creationTimestamp ?? ''}\n`);
  for (const [k, v] of Object.entries(rest)) {
    if (['apiVersion', 'kind', 'metadata'].includes(k)) continue;
    writeField(w, 0, k, v);
  }
  if (showEvents) writeEvents(w, await eventsFor(s, obj));
  return w.toString();
}

/** Field names as kubectl's generic describer shows them ("data" → "Data", "fooBar" → "Foo Bar"). */
function title(k: string): string {
  return k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

function writeField(w: TabWriter, level: number, k: string, v: unknown): void {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    w.line(level, `${title(k)}:\n`);
    for (const [kk, vv] of Object.entries(v)) writeField(w, level + 1, kk, vv);
  } else if (Array.isArray(v)) {
    w.line(level, `${title(k)}:\n`);
    for (const item of v) {
      if (item !== null && typeof item === 'object') for (const [kk, vv] of Object.entries(item as Record<string, unknown>)) writeField(w, level + 1, kk, vv);
      else w.line(level + 1, `${String(item)}\n`);
    }
  } else w.line(level, `${title(k)}:\t${String(v)}\n`);
}
