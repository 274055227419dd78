// The scheduler's own explanation of its latest attempt for a pod (GET /explain/<ns>/<name> on its
// --secure-port, 10259 by default, on the API server's host unless --scheduler-url says otherwise):
// per-node scores of the feasible nodes and per-node filter verdicts. Optional: when the endpoint is
// unreachable or has nothing for the pod, `why` silently keeps to the pod's explain annotation.
import { Rest } from '../cli-runtime/rest.js';
import type { Session } from '../cli-runtime/session.js';
import type { Finding } from './types.js';

/** The parts of the scheduler's Attempt (scheduler/explain/types.ts) that `why` shows. */
export interface SchedulerAttempt {
  time?: string;
  result?: string;
  node?: string;
  message?: string;
  numNodes?: number;
  feasibleNodes?: number;
  filtered?: { node: string; plugin: string; reasons: string[] }[];
  scores?: { node: string; total: number; plugins: Record<string, number> }[];
}

/** Where the scheduler's endpoint is: --scheduler-url, else the API server's host on port 10259. */
export function schedulerUrl(apiServer: string, explicit: string | undefined): string {
  if (explicit) return explicit.replace(/\/+$/, '');
  const u = new URL(apiServer);
  return `http://${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:10259`;
}

/** The latest recorded attempt, or undefined when the scheduler cannot be asked or knows nothing. */
export async function latestAttempt(s: Session, url: string, namespace: string, name: string): Promise<SchedulerAttempt | undefined> {
  const rest = new Rest({ server: url, insecureSkipTLSVerify: false, needsFullClient: false }, () => s.kubeConfig());
  try {
    const r = await rest.request(`/explain/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`);
    if (r.status !== 200) return undefined;
    const body = JSON.parse(r.text) as { attempts?: SchedulerAttempt[] };
    return body.attempts?.at(-1);
  } catch {
    return undefined;
  }
}

/** Findings from an attempt: the scores table (best first), and the filter verdicts when no node fit. */
export function attemptFindings(a: SchedulerAttempt): Finding[] {
  const out: Finding[] = [];
  const scores = a.scores ?? [];
  if (scores.length) {
    const width = Math.max(...scores.map((sc) => sc.node.length));
    const lines = scores.map((sc) => {
      const plugins = Object.entries(sc.plugins).sort(([x], [y]) => x.localeCompare(y)).map(([p, v]) => `${p}=${v}`).join(' ');
      return `${sc.node.padEnd(width)}  ${String(sc.total).padStart(4)}  ${plugins}${sc.node === a.node ? '  (chosen)' : ''}`;
    });
    out.push({ title: `Scheduler scores per node (${a.result ?? 'attempt'} at ${a.time ?? '?'}, ${a.feasibleNodes ?? scores.length} of ${a.numNodes ?? '?'} nodes feasible)`, lines, data: scores });
  }
  return out;
}
