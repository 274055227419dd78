// `why TYPE/NAME` — what no kubectl has: explains why a pod is Pending (the scheduler's per-node
// verdicts), crash-looping (exit code, reason, last log lines, back-off timing), failing to pull
// its image (the registry's message), or not Ready (the failing probe and its output); and why a
// Deployment's rollout is stuck. Human text by default, -o json for tools.
import { resolve, resourcePath } from '../cli-runtime/discovery.js';
import type { Deployment } from '../describe/deployment.js';
import type { Pod } from '../describe/pod.js';
import { CliError, type IO } from '../cli-runtime/io.js';
import { toJson } from '../cli-runtime/output.js';
import type { Session } from '../cli-runtime/session.js';
import { explainDeployment } from './deployment.js';
import { explainPod } from './pod.js';
import { render, type Explanation } from './types.js';

export type { Explanation, Finding } from './types.js';

export interface WhyOptions {
  args: string[];
  output?: string;
  tail?: string;
  /** --scheduler-url: the scheduler's endpoint (default http://<API server host>:10259). */
  schedulerUrl?: string;
}

export async function why(s: Session, o: WhyOptions, io: IO): Promise<number> {
  if (o.args.length === 0) throw new CliError('error: expected `why TYPE/NAME` (pod/x or deployment/x)');
  const tail = o.tail === undefined ? 10 : Number(o.tail);
  if (o.output !== undefined && o.output !== 'json' && o.output !== 'text') throw new CliError(`error: unknown output format "${o.output}" (use -o json)`);
  const out: Explanation[] = [];
  const targets = o.args[0].includes('/') ? o.args : o.args.length === 1 ? [`pod/${o.args[0]}`] : o.args.slice(1).map((n) => `${o.args[0]}/${n}`);
  for (const t of targets) {
    const [type, name] = t.split('/', 2);
    const r = resolve(await s.resources(), type);
    const obj = await s.rest.json(resourcePath(r, s.namespace, name));
    if (r.kind === 'Pod') out.push(await explainPod(s, obj as unknown as Pod, { tail, schedulerUrl: o.schedulerUrl }));
    else if (r.kind === 'Deployment') out.push(await explainDeployment(s, obj as unknown as Deployment, { tail }));
    else throw new CliError(`error: why explains pods and deployments, not ${r.kind}`);
  }
  if (o.output === 'json') io.stdout(toJson(out.length === 1 ? out[0] : out));
  else io.stdout(out.map((e) => render(e)).join('\n'));
  return 0;
}
