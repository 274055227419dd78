// `kubectl logs`: streams pods/<name>/log (-f, --tail, -c, --previous, --timestamps) to stdout,
// defaulting the container like kubectl (the default-container annotation, else the first one).
import { resolve } from './discovery.js';
import { CliError, ServerError, type IO } from './io.js';
import { statusError } from './rest.js';
import type { Session } from './session.js';

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
  spec?: { containers?: { name: string }[] };
}

export async function logs(s: Session, o: LogsOptions, io: IO): Promise<number> {
  if (o.args.length === 0) throw new CliError('error: expected \'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]\'.\nPOD or TYPE/NAME is a required argument for the logs command');
  let [target, container] = o.args;
  container = o.container ?? container;
  if (target.includes('/')) {
    const [type, name] = target.split('/', 2);
    const r = resolve(await s.resources(), type);
    if (r.resource !== 'pods') throw new CliError(`error: cannot get the logs from ${r.kind.toLowerCase()}: only pods are supported by this mini-kubectl`);
    target = name;
  }
  const podsPath = `/api/v1/namespaces/${encodeURIComponent(s.namespace)}/pods/${encodeURIComponent(target)}`;
  let pod: Pod;
  try {
    pod = await s.rest.json<Pod>(podsPath);
  } catch (e) {
    if (e instanceof ServerError && e.reason === 'NotFound') throw new CliError(`error: error from server (NotFound): ${e.serverMessage} in namespace "${s.namespace}"`);
    throw e;
  }
  if (!container) {
    const names = (pod.spec?.containers ?? []).map((c) => c.name);
    const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    container = annotated ?? names[0];
    if (!annotated && names.length > 1) io.stderr(`Defaulted container "${container}" out of: ${names.join(', ')}\n`);
  }
  const res = await s.rest.open(`${podsPath}/log`, {
    query: { container, follow: o.follow || undefined, tailLines: o.tail !== undefined && o.tail !== '-1' ? o.tail : undefined, previous: o.previous || undefined, timestamps: o.timestamps || undefined },
    accept: '*/*',
    signal: io.signal,
  });
  if ((res.statusCode ?? 0) >= 300) {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    throw statusError({ status: res.statusCode ?? 0, contentType: '', text: Buffer.concat(chunks).toString() });
  }
  try {
    for await (const c of res) io.stdout((c as Buffer).toString('utf8'));
  } catch (e) {
    if (!io.signal?.aborted) throw e;
  }
  return 0;
}
