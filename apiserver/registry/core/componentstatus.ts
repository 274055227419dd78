// ComponentStatuses (deprecated in Kubernetes since 1.19, still served): read-only, cluster-scoped,
// computed on each request from the storage's health (etcd-0) and the /healthz endpoints of the
// scheduler and the controller-manager the server was configured with.
import type { Obj } from '../../../apimachinery/objects.js';
import { componentStatusPrinter } from '../../printers/health.js';
import { defineResource } from '../strategy/define.js';
import type { ComputedEnv } from '../strategy/types.js';

function status(name: string, healthy: boolean, message: string, error = ''): Obj {
  const condition: Obj = { type: 'Healthy', status: healthy ? 'True' : 'False', message };
  if (error !== '') condition.error = error;
  if (message === '') delete condition.message;
  return { metadata: { name }, conditions: [condition] };
}

/** One ComponentStatus per component endpoint and one for etcd, probed at once, by name. */
export async function componentStatuses(env: ComputedEnv): Promise<Obj[]> {
  const etcd = env.storageError().then((err) => (err === undefined ? status('etcd-0', true, 'ok') : status('etcd-0', false, '', err)));
  const components = Object.entries(env.healthEndpoints).map(async ([name, url]) => {
    const r = await env.probe(url);
    return status(name, r.healthy, r.message);
  });
  const all = await Promise.all([etcd, ...components]);
  return all.sort((a, b) => String((a.metadata as Obj).name).localeCompare(String((b.metadata as Obj).name)));
}

export const componentstatuses = defineResource({
  group: '', version: 'v1', kind: 'ComponentStatus', plural: 'componentstatuses', namespaced: false,
  shortNames: ['cs'],
  verbs: ['get', 'list'],
  warning: 'v1 ComponentStatus is deprecated in v1.19+',
  computed: { items: componentStatuses },
  printer: componentStatusPrinter,
});
