// `kubectl set env TYPE/NAME KEY=VALUE… KEY-… [-c container] [--list]`: changes the environment of a
// pod template's containers with a strategic merge patch (env is keyed by name), or lists it.
import { kindGroup, resourcePath, parseTypeArgs } from './cli-runtime/discovery.js';
import { CliError, type IO } from './cli-runtime/io.js';
import type { Session } from './cli-runtime/session.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}
interface Container {
  name: string;
  env?: EnvVar[];
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
}
type Workload = { spec?: PodSpec & { template?: { spec?: PodSpec } } };

export interface SetEnvOptions {
  args: string[];
  container?: string;
  list: boolean;
}

export async function setEnv(s: Session, o: SetEnvOptions, io: IO): Promise<number> {
  const objs = o.args.filter((a) => !a.includes('=') && !a.endsWith('-'));
  const sets = o.args.filter((a) => a.includes('=')).map((a) => ({ name: a.slice(0, a.indexOf('=')), value: a.slice(a.indexOf('=') + 1) }));
  const removes = o.args.filter((a) => !a.includes('=') && a.endsWith('-')).map((a) => a.slice(0, -1));
  if (!o.list && sets.length === 0 && removes.length === 0) throw new CliError('error: at least one environment variable must be provided');
  for (const req of parseTypeArgs(await s.resources(), objs)) {
    for (const name of req.names) {
      const path = resourcePath(req.resource, s.namespace, name);
      const obj = await s.rest.json<Workload>(path);
      const podSpec = req.resource.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
      const containers = (podSpec?.containers ?? []).filter((c) => !o.container || o.container === '*' || c.name === o.container);
      if (o.list) {
        for (const c of containers) {
          io.stdout(`# ${req.resource.kind} ${name}, container ${c.name}\n`);
          for (const e of c.env ?? []) io.stdout(e.value !== undefined || !e.valueFrom ? `${e.name}=${e.value ?? ''}\n` : `# ${e.name} from: ${describeFrom(e.valueFrom)}\n`);
        }
        continue;
      }
      if (containers.length === 0 && o.container) {
        io.stderr(`Warning: ${req.resource.kind}/${name} does not have any containers matching "${o.container}"\n`);
        continue;
      }
      // like kubectl's two-way merge patch: changed entries, deletions, and the resulting order
      const patchContainers: Record<string, unknown>[] = [];
      for (const c of containers) {
        const env: Record<string, unknown>[] = [];
        const order = (c.env ?? []).map((e) => e.name);
        for (const v of sets) {
          const cur = c.env?.find((e) => e.name === v.name);
          if (!cur || cur.value !== v.value || cur.valueFrom) env.push({ name: v.name, value: v.value });
          if (!cur) order.push(v.name);
        }
        for (const r of removes) {
          if (c.env?.some((e) => e.name === r)) env.push({ name: r, $patch: 'delete' });
        }
        if (env.length) patchContainers.push({ '$setElementOrder/env': order.filter((n) => !removes.includes(n)).map((n) => ({ name: n })), name: c.name, env });
      }
      // kubectl prints nothing for an object it did not need to change
      if (patchContainers.length === 0) continue;
      const all = podSpec?.containers ?? [];
      const spec = { '$setElementOrder/containers': all.map((c) => ({ name: c.name })), containers: patchContainers };
      const body = req.resource.kind === 'Pod' ? { spec } : { spec: { template: { spec } } };
      await s.rest.json(path, { method: 'PATCH', contentType: 'application/strategic-merge-patch+json', body, query: { fieldManager: 'kubectl-set' } });
      io.stdout(`${kindGroup(req.resource)}/${name} env updated\n`);
    }
  }
  return 0;
}

function describeFrom(v: unknown): string {
  const f = v as { fieldRef?: { fieldPath?: string }; secretKeyRef?: { name?: string; key?: string }; configMapKeyRef?: { name?: string; key?: string } };
  if (f.fieldRef) return `field path ${f.fieldRef.fieldPath ?? ''}`;
  if (f.secretKeyRef) return `secret ${f.secretKeyRef.name ?? ''}, key ${f.secretKeyRef.key ?? ''}`;
  if (f.configMapKeyRef) return `configmap ${f.configMapKeyRef.name ?? ''}, key ${f.configMapKeyRef.key ?? ''}`;
  return '';
}
