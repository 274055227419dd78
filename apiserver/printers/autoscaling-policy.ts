// Printers for autoscaling HorizontalPodAutoscalers (NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS
// AGE, printed from the stored autoscaling/v2 form whatever version is asked) and policy/v1
// PodDisruptionBudgets (NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE), as
// pkg/printers/internalversion prints them.

import { canonicalQuantity } from '../../apimachinery/quantity.js';
import { age, ageColumn, column, nameColumn, nameOf } from './common.js';
import type { Printer, PrintContext, PrintedRow } from './types.js';

interface Target {
  type?: string;
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}
interface Current {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}
interface Source<T> {
  name?: string;
  target?: T;
  current?: T;
}
interface Metric<T> {
  type?: string;
  object?: Source<T>;
  pods?: Source<T>;
  resource?: Source<T>;
  containerResource?: Source<T>;
  external?: Source<T>;
}
interface HpaShape {
  spec?: { scaleTargetRef?: { kind?: string; name?: string }; minReplicas?: number; maxReplicas?: number; metrics?: Metric<Target>[] };
  status?: { currentReplicas?: number; currentMetrics?: Metric<Current>[] | null };
}

/** resource.Quantity's String(): canonical; a missing quantity prints as Go's zero value "0". */
function q(v: string | undefined): string {
  if (v === undefined) return '0';
  try {
    return canonicalQuantity(v);
  } catch {
    return v;
  }
}

/** "<current>/<target>" or "<name>: <current>/<target>" for a utilization-or-value source (resource, containerResource). */
function utilizationCell(name: string, target: Target | undefined, current: Current | undefined): string {
  if (target?.averageValue !== undefined) return `${name}: ${current ? q(current.averageValue) : '<unknown>'}/${q(target.averageValue)}`;
  const cur = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : '<unknown>';
  const tgt = target?.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
  return `${name}: ${cur}/${tgt}`;
}

/** A value-or-average source (object, external): "(avg)" marks a per-pod target. */
function valueCell(target: Target | undefined, current: Current | undefined, hasStatus: boolean): string {
  if (target?.averageValue !== undefined) {
    const cur = current?.averageValue !== undefined ? q(current.averageValue) : '<unknown>';
    return `${cur}/${q(target.averageValue)} (avg)`;
  }
  return `${hasStatus ? q(current?.value) : '<unknown>'}/${q(target?.value)}`;
}

/** formatHPAMetrics: the first two metrics, then "+ N more...". */
export function formatHpaMetrics(specs: Metric<Target>[] | undefined, statuses: Metric<Current>[] | null | undefined): string {
  if (!specs || specs.length === 0) return '<none>';
  const list: string[] = [];
  specs.forEach((spec, i) => {
    const st = statuses?.[i];
    switch (spec.type) {
      case 'External':
        list.push(valueCell(spec.external?.target, st?.external?.current, st?.external !== undefined));
        break;
      case 'Pods':
        list.push(`${st?.pods ? q(st.pods.current?.averageValue) : '<unknown>'}/${q(spec.pods?.target?.averageValue)}`);
        break;
      case 'Object':
        list.push(valueCell(spec.object?.target, st?.object?.current, st?.object !== undefined));
        break;
      case 'Resource':
        list.push(utilizationCell(spec.resource?.name ?? '', spec.resource?.target, st?.resource ? (st.resource.current ?? {}) : undefined));
        break;
      case 'ContainerResource':
        list.push(utilizationCell(spec.containerResource?.name ?? '', spec.containerResource?.target, st?.containerResource ? (st.containerResource.current ?? {}) : undefined));
        break;
      default:
        list.push('<unknown type>');
    }
  });
  const max = 2;
  if (list.length <= max) return list.join(', ');
  return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
}

function printHpa(obj: object, ctx: PrintContext): PrintedRow {
  const h = obj as HpaShape;
  const ref = h.spec?.scaleTargetRef;
  const minPods = h.spec?.minReplicas !== undefined ? String(h.spec.minReplicas) : '<unset>';
  return {
    cells: [
      nameOf(obj),
      `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      formatHpaMetrics(h.spec?.metrics, h.status?.currentMetrics),
      minPods,
      h.spec?.maxReplicas ?? 0,
      h.status?.currentReplicas ?? 0,
      age(obj, ctx),
    ],
  };
}

export const hpaPrinter: Printer = {
  columns: [
    nameColumn,
    column('Reference', 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
    column(
      'Targets',
      'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond. If not set, the default metric will be set to 80% average CPU utilization.',
    ),
    column(
      'MinPods',
      'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.',
    ),
    column('MaxPods', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.'),
    column('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
    ageColumn,
  ],
  print: printHpa,
};

interface PdbShape {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string };
  status?: { disruptionsAllowed?: number };
}

function printPdb(obj: object, ctx: PrintContext): PrintedRow {
  const p = obj as PdbShape;
  const intOrString = (v: number | string | undefined): string => (v === undefined ? 'N/A' : String(v));
  return { cells: [nameOf(obj), intOrString(p.spec?.minAvailable), intOrString(p.spec?.maxUnavailable), p.status?.disruptionsAllowed ?? 0, age(obj, ctx)] };
}

export const pdbPrinter: Printer = {
  columns: [
    nameColumn,
    column('Min Available', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', { type: 'integer' }),
    ageColumn,
  ],
  print: printPdb,
};
