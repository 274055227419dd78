// `kubectl rollout status|history|undo|restart|pause|resume` for Deployments: status watches the
// Deployment (client-node Watch) and prints kubectl's progress lines; history lists the owned
// ReplicaSets' revisions; undo copies a revision's pod template back; restart/pause/resume patch.
import { kindGroup, resourcePath, resolve, type ApiResource } from './cli-runtime/discovery.js';
import { CliError, type IO } from './cli-runtime/io.js';
import { REVISION, deploymentStatus, replicaSetsOf, writePodTemplate, type Deployment } from './describe/deployment.js';
import { TabWriter } from './describe/gotab.js';
import type { Session } from './cli-runtime/session.js';
import { parseTimeout } from './wait.js';

export interface RolloutOptions {
  sub: string;
  args: string[];
  revision?: string;
  watch: boolean;
  timeout?: string;
}

function target(resources: ApiResource[], args: string[]): { r: ApiResource; name: string } {
  if (args.length === 0) throw new CliError('error: required resource not specified');
  const [type, name] = args[0].includes('/') ? args[0].split('/', 2) : [args[0], args[1]];
  if (!name) throw new CliError('error: required resource not specified');
  return { r: resolve(resources, type), name };
}

export async function rollout(s: Session, o: RolloutOptions, io: IO): Promise<number> {
  const resources = await s.resources();
  const { r, name } = target(resources, o.args);
  const path = resourcePath(r, s.namespace, name);
  const label = `${kindGroup(r)}/${name}`;
  if (r.kind !== 'Deployment') throw unsupported(r, name, o.sub);
  const d = await s.rest.json<Deployment>(path);
  switch (o.sub) {
    case 'status':
      return status(s, r, name, o, io);
    case 'history':
      return history(s, d, label, o.revision, io);
    case 'undo':
      return undo(s, d, path, label, o.revision, io);
    case 'restart': {
      if (d.spec && (d.spec as { paused?: boolean }).paused) throw new CliError(`error: deployments.apps "${name}" can't restart paused deployment (run rollout resume first)`);
      const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      await s.rest.json(path, { method: 'PATCH', contentType: 'application/strategic-merge-patch+json', body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } }, query: { fieldManager: 'kubectl-rollout' } });
      io.stdout(`${label} restarted\n`);
      return 0;
    }
    case 'pause':
    case 'resume': {
      const want = o.sub === 'pause';
      if (!!d.spec?.paused === want) {
        throw new CliError(`error: deployments.apps "${name}" is ${want ? 'already paused' : 'not paused'}`);
      }
      await s.rest.json(path, { method: 'PATCH', contentType: 'application/strategic-merge-patch+json', body: { spec: { paused: want ? true : null } }, query: { fieldManager: 'kubectl-rollout' } });
      io.stdout(`${label} ${want ? 'paused' : 'resumed'}\n`);
      return 0;
    }
  }
  throw new CliError(`error: unknown command "${o.sub}" for "kubectl rollout"`);
}

const VISITABLE = new Set(['DaemonSet.apps', 'Deployment.apps', 'Job.batch', 'Pod', 'ReplicaSet.apps', 'ReplicationController', 'StatefulSet.apps', 'CronJob.batch']);

/** kubectl's refusal for a kind without rollout support (this mini-kubectl supports Deployments). */
function unsupported(r: ApiResource, name: string, sub: string): CliError {
  const groupKind = r.group ? `${r.kind}.${r.group}` : r.kind;
  const groupResource = r.group ? `${r.resource}.${r.group}` : r.resource;
  switch (sub) {
    case 'status':
      return new CliError(`error: no status viewer has been implemented for ${groupKind}`);
    case 'history':
      // kubectl's kind visitor knows the workload kinds; other kinds fail before any history viewer
      return VISITABLE.has(groupKind)
        ? new CliError(`error: no history viewer has been implemented for "${groupKind}"`)
        : new CliError(`error: error retrieving history for "${r.kind}", no visitor method exists for {${r.group} ${r.kind}}`);
    case 'restart':
    case 'pause':
    case 'resume':
      return new CliError(`error: ${groupResource} "${name}" ${sub === 'restart' ? 'restarting' : sub === 'pause' ? 'pausing' : 'resuming'} is not supported`);
    default:
      return new CliError(`error: no rollbacker has been implemented for "${r.kind}"`);
  }
}

async function status(s: Session, r: ApiResource, name: string, o: RolloutOptions, io: IO): Promise<number> {
  const check = (d: Deployment): boolean => {
    const st = deploymentStatus(d);
    if (st.error) throw new CliError(`error: ${st.error}`);
    io.stdout(st.message);
    return st.done || !o.watch;
  };
  const first = await s.rest.json<Deployment & { metadata: { resourceVersion?: string } }>(resourcePath(r, s.namespace, name));
  if (check(first)) return 0;
  const { Watch } = await import('@kubernetes/client-node');
  const watcher = new Watch(await s.kubeConfig());
  const timeoutMs = parseTimeout(o.timeout, 0) || undefined; // 0: no timeout
  let rv = first.metadata.resourceVersion;
  for (;;) {
    const outcome = await new Promise<'done' | 'again' | Error>((resolveWatch) => {
      let finished = false;
      const finish = (v: 'done' | 'again' | Error): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        void req.then((c) => c.abort());
        resolveWatch(v);
      };
      const timer = timeoutMs ? setTimeout(() => finish(new CliError('error: timed out waiting for the condition')), timeoutMs) : undefined;
      io.signal?.addEventListener('abort', () => finish(new CliError('error: interrupted')), { once: true });
      const req = watcher.watch(resourcePath(r, s.namespace), { fieldSelector: `metadata.name=${name}`, resourceVersion: rv, allowWatchBookmarks: true }, (type, obj: Deployment & { metadata: { resourceVersion?: string } }) => {
        rv = obj.metadata?.resourceVersion ?? rv;
        if (type === 'DELETED') finish(new CliError(`error: object has been deleted`));
        else if (type === 'ADDED' || type === 'MODIFIED') {
          try {
            if (check(obj)) finish('done');
          } catch (e) {
            finish(e as Error);
          }
        }
      }, () => finish('again'));
    });
    if (outcome === 'done') return 0;
    if (outcome instanceof Error) throw outcome;
  }
}

async function history(s: Session, d: Deployment, label: string, revision: string | undefined, io: IO): Promise<number> {
  const { all } = await replicaSetsOf(s, d);
  const byRev = new Map<number, (typeof all)[number]>();
  for (const rs of all) byRev.set(Number(rs.metadata.annotations?.[REVISION] ?? 0), rs);
  if (revision && revision !== '0') {
    const rs = byRev.get(Number(revision));
    if (!rs) throw new CliError(`error: unable to find the specified revision`);
    const w = new TabWriter();
    const tmpl = rs.spec?.template as Parameters<typeof writePodTemplate>[1];
    writePodTemplate(w, tmpl ?? {});
    io.stdout(`${label} with revision #${revision}\n${w.raw()}\n`);
    return 0;
  }
  const rows = [...byRev.keys()].filter((k) => k > 0).sort((a, b) => a - b);
  const w = new TabWriter();
  w.write('REVISION\tCHANGE-CAUSE\n');
  for (const rev of rows) w.write(`${rev}\t${byRev.get(rev)?.metadata.annotations?.['kubernetes.io/change-cause'] || '<none>'}\n`);
  io.stdout(`${label} \n${w.toString()}\n`);
  return 0;
}

async function undo(s: Session, d: Deployment, path: string, label: string, revision: string | undefined, io: IO): Promise<number> {
  if (d.spec?.paused) throw new CliError(`error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again`);
  const { all, current } = await replicaSetsOf(s, d);
  const rev = (x: (typeof all)[number]): number => Number(x.metadata.annotations?.[REVISION] ?? 0);
  let to;
  if (revision && revision !== '0') {
    to = all.find((x) => rev(x) === Number(revision));
    if (!to) throw new CliError(`error: unable to find specified revision ${revision} in history`);
  } else {
    to = all.filter((x) => x !== current).sort((a, b) => rev(b) - rev(a))[0];
    if (!to) throw new CliError('error: no rollout history found for deployment "' + d.metadata.name + '"');
  }
  const tmpl = structuredClone((to.spec?.template ?? {}) as { metadata?: { labels?: Record<string, string> } });
  delete tmpl.metadata?.labels?.['pod-template-hash'];
  if (current && JSON.stringify(current.spec?.template) === JSON.stringify(to.spec?.template)) {
    io.stdout(`${label} skipped rollback (current template already matches revision ${rev(to)})\n`);
    return 0;
  }
  const patch = [
    { op: 'replace', path: '/spec/template', value: tmpl },
    { op: 'replace', path: '/metadata/annotations', value: { ...(d.metadata.annotations ?? {}) } },
  ];
  await s.rest.json(path, { method: 'PATCH', contentType: 'application/json-patch+json', body: patch, query: { fieldManager: 'kubectl-rollout' } });
  io.stdout(`${label} rolled back\n`);
  return 0;
}
