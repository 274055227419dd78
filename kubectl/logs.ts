// `kubectl logs`: prints pods/<name>/log (--tail, -c, --previous, --timestamps), or streams it with
// -f through client-node's Log; defaults the container like kubectl (the default-container
// annotation, else the first one); `deploy/x`, `rs/x`, `job/x` pick the first pod of their selector.
import { resolve, resourcePath } from './cli-runtime/discovery.js';
import { CliError, ServerError, type IO } from './cli-runtime/io.js';
import { statusError } from './cli-runtime/rest.js';
import type { Session } from './cli-runtime/session.js';

export interface LogsOptions {
  args: string[];
  container?: string;
  follow: boolean;
  tail?: string;
  previous: boolean;
  timestamps: boolean;
}

interface Pod {
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: { containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] };
}

/** The pod behind `target` (a pod name or TYPE/NAME). */
export async function podFor(s: Session, target: string): Promise<string> {
  if (!target.includes('/')) return target;
  const [type, name] = target.split('/', 2);
  const r = resolve(await s.resources(), type);
  if (r.resource === 'pods') return name;
  const owner = await s.rest.json<{ spec?: { selector?: { matchLabels?: Record<string, string> } | Record<string, string> } }>(resourcePath(r, s.namespace, name));
  const sel = owner.spec?.selector as { matchLabels?: Record<string, string> } | Record<string, string> | undefined;
  const labels = (sel && 'matchLabels' in sel ? sel.matchLabels : (sel as Record<string, string> | undefined)) ?? {};
  const selector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
  if (!selector) throw new CliError(`error: cannot get the logs from ${r.kind.toLowerCase()}: selector is empty`);
  const pods = await s.rest.json<{ items?: { metadata: { name: string } }[] }>(`/api/v1/namespaces/${encodeURIComponent(s.namespace)}/pods`, { query: { labelSelector: selector } });
  const first = pods.items?.map((p) => p.metadata.name).sort()[0];
  if (!first) throw new CliError(`error: timed out waiting for the condition`);
  return first;
}

export async function logs(s: Session, o: LogsOptions, io: IO): Promise<number> {
  if (o.args.length === 0) throw new CliError('error: expected \'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]\'.\nPOD or TYPE/NAME is a required argument for the logs command');
  const [target, positionalContainer] = o.args;
  let container = o.container ?? positionalContainer;
  const name = await podFor(s, target);
  const podsPath = `/api/v1/namespaces/${encodeURIComponent(s.namespace)}/pods/${encodeURIComponent(name)}`;
  let pod: Pod;
  try {
    pod = await s.rest.json<Pod>(podsPath);
  } catch (e) {
    if (e instanceof ServerError && e.reason === 'NotFound') throw new CliError(`error: error from server (NotFound): ${e.serverMessage} in namespace "${s.namespace}"`);
    throw e;
  }
  if (container) {
    const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])];
    if (!all.some((c) => c.name === container)) throw new CliError(`error: container ${container} is not valid for pod ${pod.metadata.name}`);
  } else {
    const names = (pod.spec?.containers ?? []).map((c) => c.name);
    const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    container = annotated ?? names[0];
    if (!annotated && names.length > 1) io.stderr(`Defaulted container "${container}" out of: ${names.join(', ')}\n`);
  }
  const tailLines = o.tail !== undefined && o.tail !== '-1' ? Number(o.tail) : undefined;
  const query = { container, tailLines, previous: o.previous || undefined, timestamps: o.timestamps || undefined };
  if (!o.follow) {
    const r = await s.rest.request(`${podsPath}/log`, { query, accept: '*/*' });
    if (r.status >= 300) throw statusError(r);
    io.stdout(r.text);
    return 0;
  }
  return follow(s, pod.metadata.name, container ?? '', { tailLines, previous: o.previous, timestamps: o.timestamps }, io, `${podsPath}/log`, query);
}

/** logs -f: client-node's Log streams until the container stops or the command is interrupted. */
async function follow(s: Session, pod: string, container: string, opts: { tailLines?: number; previous: boolean; timestamps: boolean }, io: IO, path: string, query: Record<string, string | number | boolean | undefined>): Promise<number> {
  const [{ Log }, { Writable }] = await Promise.all([import('@kubernetes/client-node'), import('node:stream')]);
  let finish!: () => void;
  const ended = new Promise<void>((r) => (finish = r));
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      io.stdout(chunk.toString('utf8'));
      cb();
    },
    final(cb) {
      finish();
      cb();
    },
  });
  let controller: AbortController;
  try {
    controller = await new Log(await s.kubeConfig()).log(s.namespace, pod, container, sink, { follow: true, ...opts });
  } catch {
    // client-node's Log drops the Status body: ask once more without -f for kubectl's error line
    const r = await s.rest.request(path, { query, accept: '*/*' });
    if (r.status >= 300) throw statusError(r);
    io.stdout(r.text);
    return 0;
  }
  const onAbort = (): void => {
    controller.abort();
    finish();
  };
  io.signal?.addEventListener('abort', onAbort, { once: true });
  await ended;
  io.signal?.removeEventListener('abort', onAbort);
  return 0;
}
