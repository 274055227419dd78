// `kubectl wait --for=condition=C[=value] | --for=delete | --for=jsonpath='{…}'=value` on
// TYPE/NAME, TYPE NAME… or -l/--all, polling each object until the condition holds (printing
// `kind.group/name condition met`) or --timeout passes (kubectl's default 30s).
import { durationFlag, errorMessage } from '../apimachinery/component/index.js';
import { kindGroup, resourcePath, parseTypeArgs } from './cli-runtime/discovery.js';
import { CliError, type IO } from './cli-runtime/io.js';
import { sleep } from './nodes.js';
import type { Session } from './cli-runtime/session.js';

export interface WaitOptions {
  args: string[];
  for?: string;
  timeout?: string;
  selector?: string;
  all: boolean;
}

type Check = (obj: Record<string, unknown> | undefined) => boolean;

function parseFor(f: string | undefined): { check: Check; deletion: boolean } {
  if (!f) throw new CliError('error: --for must be specified');
  if (f === 'delete') return { check: (o) => o === undefined, deletion: true };
  const cond = /^condition=([^=]+)(?:=(.*))?$/i.exec(f);
  if (cond) {
    const want = (cond[2] ?? 'true').toLowerCase();
    return {
      deletion: false,
      check: (o) => {
        const conds = ((o?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []);
        return conds.some((c) => c.type.toLowerCase() === cond[1].toLowerCase() && c.status.toLowerCase() === want);
      },
    };
  }
  const jp = /^jsonpath=(.*)$/s.exec(f);
  if (jp) {
    let expr = jp[1];
    let want: string | undefined;
    const m = /^'?(\{.*\})'?(?:=(.*))?$/s.exec(expr);
    if (!m) throw new CliError(`error: unrecognized JSONPath expression: ${expr}`);
    expr = m[1];
    want = m[2];
    if (want !== undefined) want = want.replace(/^'(.*)'$/s, '$1');
    return {
      deletion: false,
      check: (o) => {
        if (!o) return false;
        // evaluated lazily so the module loads only when used
        const vals = evaluatePath(expr, o);
        return want === undefined ? vals.length > 0 : vals.some((v) => (typeof v === 'string' ? v : JSON.stringify(v)) === want);
      },
    };
  }
  throw new CliError(`error: unrecognized condition: "${f}"`);
}

let evaluatePath: (expr: string, o: unknown) => unknown[] = () => [];

/** --timeout: a Go duration, or (as k8ts always took it) a bare number of seconds. */
export function parseTimeout(t: string | undefined, fallbackMs: number): number {
  if (t === undefined) return fallbackMs;
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t) * 1000;
  try {
    return durationFlag('timeout', t, fallbackMs);
  } catch (err) {
    throw new CliError(`error: ${errorMessage(err)}`);
  }
}

export async function wait(s: Session, o: WaitOptions, io: IO): Promise<number> {
  const { check, deletion } = parseFor(o.for);
  const { evaluate } = await import('./jsonpath.js');
  evaluatePath = (expr, obj) => evaluate(expr.replace(/^\{|\}$/g, ''), obj);
  const timeoutMs = parseTimeout(o.timeout, 30_000);
  const targets: { label: string; path: string; plural: string; name: string }[] = [];
  for (const req of parseTypeArgs(await s.resources(), o.args)) {
    const ns = req.resource.namespaced ? s.namespace : undefined;
    let names = req.names;
    if (!names.length) {
      if (!o.selector && !o.all) throw new CliError('error: resource(s) were provided, but no name was specified');
      const list = await s.rest.json<{ items?: { metadata: { name: string } }[] }>(resourcePath(req.resource, ns), { query: { labelSelector: o.selector } });
      names = (list.items ?? []).map((i) => i.metadata.name);
      if (!names.length) throw new CliError('error: no matching resources found');
    }
    for (const name of names) targets.push({ label: `${kindGroup(req.resource)}/${name}`, path: resourcePath(req.resource, ns, name), plural: req.resource.group ? `${req.resource.resource}.${req.resource.group}` : req.resource.resource, name });
  }
  const deadline = Date.now() + timeoutMs;
  let failed = false;
  for (const t of targets) {
    let seen = false;
    for (;;) {
      const r = await s.rest.request(t.path);
      const obj = r.status === 200 ? (JSON.parse(r.text) as Record<string, unknown>) : undefined;
      if (r.status === 404 && !deletion) {
        if (!seen) {
          io.stderr(`Error from server (NotFound): ${t.plural} "${t.name}" not found\n`);
          failed = true;
          break;
        }
      } else if (r.status !== 200 && r.status !== 404) {
        const { statusError } = await import('./cli-runtime/rest.js');
        throw statusError(r);
      } else seen = true;
      if ((obj || deletion) && check(obj)) {
        io.stdout(`${t.label} condition met\n`);
        break;
      }
      if (Date.now() > deadline) {
        io.stderr(`error: timed out waiting for the condition on ${t.plural}/${t.name}\n`);
        failed = true;
        break;
      }
      await sleep(Math.min(250, Math.max(0, deadline - Date.now())), io.signal);
    }
  }
  return failed ? 1 : 0;
}
