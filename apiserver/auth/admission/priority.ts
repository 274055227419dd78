// Priority admission (mutating, pod create), as Kubernetes': spec.priorityClassName is resolved to
// spec.priority (and preemptionPolicy) from its PriorityClass; without a name, the globalDefault
// class applies when there is one. The scheduler reads only spec.priority. It also keeps at most one
// PriorityClass marked globalDefault.
import { errors } from '../../../apimachinery/errors.js';
import { ensure, isObj, type Obj } from '../../../apimachinery/objects.js';
import type { Store } from '../../storage/types.js';
import type { AdmissionPlugin } from '../types.js';

export function priorityAdmission(deps: { store: Store }): AdmissionPlugin {
  const find = async (name: string): Promise<Obj | undefined> => (await deps.store.get(`/registry/priorityclasses/${name}`))?.object;
  const globalDefault = async (): Promise<Obj | undefined> => {
    const list = await deps.store.list('/registry/priorityclasses/', { resourceVersion: '0' });
    const defaults = list.items.map((s) => s.object).filter((o) => o.globalDefault === true);
    return defaults.sort((a, b) => Number(a.value) - Number(b.value))[0];
  };
  return {
    name: 'Priority',
    async admit(r) {
      if (r.operation !== 'CREATE' || r.group !== '' || r.resource !== 'pods' || r.subresource !== '' || !r.object) return;
      const spec = ensure(r.object, 'spec');
      const podName = isObj(r.object.metadata) ? String(r.object.metadata.name ?? r.object.metadata.generateName ?? '') : '';
      let pc: Obj | undefined;
      if (typeof spec.priorityClassName === 'string' && spec.priorityClassName !== '') {
        pc = await find(spec.priorityClassName);
        if (!pc) throw errors.forbidden(`pods ${JSON.stringify(podName)} is forbidden: no PriorityClass with name ${spec.priorityClassName} was found`);
      } else {
        pc = await globalDefault();
        if (!pc) return; // no class anywhere: keep what the pod says (priority 0 when unset)
        spec.priorityClassName = (pc.metadata as Obj).name;
      }
      const value = Number(pc.value);
      if (typeof spec.priority === 'number' && spec.priority !== value)
        throw errors.forbidden(`pods ${JSON.stringify(podName)} is forbidden: the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`);
      spec.priority = value;
      if (spec.preemptionPolicy === undefined && typeof pc.preemptionPolicy === 'string') spec.preemptionPolicy = pc.preemptionPolicy;
    },
    async validate(r) {
      if ((r.operation !== 'CREATE' && r.operation !== 'UPDATE') || r.group !== 'scheduling.k8s.io' || r.resource !== 'priorityclasses' || !r.object) return;
      if (r.object.globalDefault !== true) return;
      const list = await deps.store.list('/registry/priorityclasses/', { resourceVersion: '0' });
      const other = list.items.map((x) => x.object).find((o) => o.globalDefault === true && isObj(o.metadata) && o.metadata.name !== r.name);
      if (other) throw errors.forbidden(`PriorityClass ${String((other.metadata as Obj).name)} is already marked as default. Only one default can exist`);
    },
  };
}
