// autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscalers, as pkg/apis/autoscaling/v1/conversion.go:
// v1 holds only a CPU utilization target, so everything else round-trips through annotations — the
// other metrics and the current metrics (in v1's own metric format), the conditions, and the
// behavior (marshalled from Kubernetes' internal type, so with Go field names). Reading v1 drops the
// annotations a v2 object may carry from an earlier round trip before writing fresh ones; writing v1
// reads them back and removes them.
import { type Obj, clone, isObj } from '../../../apimachinery/objects.js';
import { compact, objAt, objs } from '../strategy/util.js';

export const metricsAnnotation = 'autoscaling.alpha.kubernetes.io/metrics';
export const currentMetricsAnnotation = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const conditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions';
export const behaviorAnnotation = 'autoscaling.alpha.kubernetes.io/behavior';
const roundTrip = [metricsAnnotation, behaviorAnnotation, currentMetricsAnnotation, conditionsAnnotation];

/** autoscaling.DefaultCPUUtilization */
const defaultCPUUtilization = 80;


const ref = (r: unknown): Obj => {
  const o = objAt(r);
  return compact({ kind: o.kind ?? '', name: o.name ?? '', apiVersion: o.apiVersion });
};

/** A v1 Quantity field that is not a pointer: Go's zero value when v2 has none. */
const quantity = (v: unknown): unknown => v ?? '0';

// ---- v2 -> v1 ----------------------------------------------------------------------------------

function metricSpecToV1(m: Obj): Obj {
  const out: Obj = { type: m.type };
  if (isObj(m.object)) {
    const t = objAt(m.object.target);
    const id = objAt(m.object.metric);
    out.object = compact({ target: ref(m.object.describedObject), metricName: id.name ?? '', targetValue: quantity(t.value), selector: id.selector, averageValue: t.averageValue });
  }
  if (isObj(m.pods)) {
    const id = objAt(m.pods.metric);
    out.pods = compact({ metricName: id.name ?? '', targetAverageValue: quantity(objAt(m.pods.target).averageValue), selector: id.selector });
  }
  if (isObj(m.resource)) {
    const t = objAt(m.resource.target);
    out.resource = compact({ name: m.resource.name ?? '', targetAverageUtilization: t.averageUtilization, targetAverageValue: t.averageValue });
  }
  if (isObj(m.containerResource)) {
    const t = objAt(m.containerResource.target);
    out.containerResource = compact({ name: m.containerResource.name ?? '', targetAverageUtilization: t.averageUtilization, targetAverageValue: t.averageValue, container: m.containerResource.container ?? '' });
  }
  if (isObj(m.external)) {
    const t = objAt(m.external.target);
    const id = objAt(m.external.metric);
    out.external = compact({ metricName: id.name ?? '', metricSelector: id.selector, targetValue: t.value, targetAverageValue: t.averageValue });
  }
  return out;
}

function metricStatusToV1(m: Obj): Obj {
  const out: Obj = { type: m.type };
  if (isObj(m.object)) {
    const c = objAt(m.object.current);
    const id = objAt(m.object.metric);
    out.object = compact({ target: ref(m.object.describedObject), metricName: id.name ?? '', currentValue: quantity(c.value), selector: id.selector, averageValue: c.averageValue });
  }
  if (isObj(m.pods)) {
    const id = objAt(m.pods.metric);
    out.pods = compact({ metricName: id.name ?? '', currentAverageValue: quantity(objAt(m.pods.current).averageValue), selector: id.selector });
  }
  if (isObj(m.resource)) {
    const c = objAt(m.resource.current);
    out.resource = compact({ name: m.resource.name ?? '', currentAverageUtilization: c.averageUtilization, currentAverageValue: quantity(c.averageValue) });
  }
  if (isObj(m.containerResource)) {
    const c = objAt(m.containerResource.current);
    out.containerResource = compact({ name: m.containerResource.name ?? '', currentAverageUtilization: c.averageUtilization, currentAverageValue: quantity(c.averageValue), container: m.containerResource.container ?? '' });
  }
  if (isObj(m.external)) {
    const c = objAt(m.external.current);
    const id = objAt(m.external.metric);
    out.external = compact({ metricName: id.name ?? '', metricSelector: id.selector, currentValue: quantity(c.value), currentAverageValue: c.averageValue });
  }
  return out;
}

const conditionToV1 = (c: Obj): Obj => compact({ type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime ?? null, reason: c.reason, message: c.message });

/** The internal HPAScalingRules as encoding/json writes it: Go field names, nil pointers as null. */
function rulesToInternal(r: unknown): unknown {
  if (!isObj(r)) return null;
  return {
    StabilizationWindowSeconds: r.stabilizationWindowSeconds ?? null,
    SelectPolicy: r.selectPolicy ?? null,
    Policies: Array.isArray(r.policies) ? objs(r.policies).map((p) => ({ Type: p.type ?? '', Value: p.value ?? 0, PeriodSeconds: p.periodSeconds ?? 0 })) : null,
  };
}

const isCpuUtilization = (m: Obj): boolean =>
  m.type === 'Resource' && isObj(m.resource) && m.resource.name === 'cpu' && objAt(m.resource.target).averageUtilization !== undefined;

/** The autoscaling/v1 form of a stored (autoscaling/v2) HPA. */
export function hpaToV1(stored: Obj): Obj {
  const o = clone(stored);
  const spec = objAt(o.spec);
  const status = objAt(o.status);
  const metadata = objAt(o.metadata);
  const annotations: Record<string, unknown> = Object.fromEntries(Object.entries(objAt(metadata.annotations)).filter(([k]) => !roundTrip.includes(k)));
  const metrics = objs(spec.metrics);
  const others = metrics.filter((m) => !isCpuUtilization(m)).map(metricSpecToV1);
  if (others.length > 0) annotations[metricsAnnotation] = JSON.stringify(others);
  const current = objs(status.currentMetrics);
  if (current.length > 0) annotations[currentMetricsAnnotation] = JSON.stringify(current.map(metricStatusToV1));
  const conditions = objs(status.conditions);
  if (conditions.length > 0) annotations[conditionsAnnotation] = JSON.stringify(conditions.map(conditionToV1));
  if (isObj(spec.behavior)) annotations[behaviorAnnotation] = JSON.stringify({ ScaleUp: rulesToInternal(spec.behavior.scaleUp), ScaleDown: rulesToInternal(spec.behavior.scaleDown) });
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;

  // The first CPU resource metric gives the target; the last CPU status with a utilization, the current value.
  const cpu = metrics.find((m) => m.type === 'Resource' && isObj(m.resource) && m.resource.name === 'cpu');
  let currentCPU: unknown;
  for (const m of current) if (m.type === 'Resource' && isObj(m.resource) && m.resource.name === 'cpu' && objAt(m.resource.current).averageUtilization !== undefined) currentCPU = objAt(m.resource.current).averageUtilization;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: compact({
      scaleTargetRef: ref(spec.scaleTargetRef),
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas ?? 0,
      targetCPUUtilizationPercentage: cpu ? objAt(objAt(cpu.resource).target).averageUtilization : undefined,
    }),
    status: compact({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentCPUUtilizationPercentage: currentCPU,
    }),
  };
}

// ---- v1 -> v2 ----------------------------------------------------------------------------------

const identifier = (name: unknown, selector: unknown): Obj => compact({ name: name ?? '', selector });

function metricSpecFromV1(m: Obj): Obj {
  const out: Obj = { type: m.type };
  if (isObj(m.object)) {
    const s = m.object;
    out.object = { describedObject: ref(s.target), target: compact({ type: s.averageValue === undefined ? 'Value' : 'AverageValue', value: quantity(s.targetValue), averageValue: s.averageValue }), metric: identifier(s.metricName, s.selector) };
  }
  if (isObj(m.pods)) out.pods = { metric: identifier(m.pods.metricName, m.pods.selector), target: { type: 'AverageValue', averageValue: quantity(m.pods.targetAverageValue) } };
  if (isObj(m.resource)) {
    const s = m.resource;
    out.resource = { name: s.name ?? '', target: compact({ type: s.targetAverageUtilization === undefined ? 'AverageValue' : 'Utilization', averageValue: s.targetAverageValue, averageUtilization: s.targetAverageUtilization }) };
  }
  if (isObj(m.containerResource)) {
    const s = m.containerResource;
    out.containerResource = {
      name: s.name ?? '',
      target: compact({ type: s.targetAverageUtilization === undefined ? 'AverageValue' : 'Utilization', averageValue: s.targetAverageValue, averageUtilization: s.targetAverageUtilization }),
      container: s.container ?? '',
    };
  }
  if (isObj(m.external)) {
    const s = m.external;
    out.external = { metric: identifier(s.metricName, s.metricSelector), target: compact({ type: s.targetValue === undefined ? 'AverageValue' : 'Value', value: s.targetValue, averageValue: s.targetAverageValue }) };
  }
  return out;
}

function metricStatusFromV1(m: Obj): Obj {
  const out: Obj = { type: m.type };
  if (isObj(m.object)) {
    const s = m.object;
    out.object = { metric: identifier(s.metricName, s.selector), current: compact({ value: quantity(s.currentValue), averageValue: s.averageValue }), describedObject: ref(s.target) };
  }
  if (isObj(m.pods)) out.pods = { metric: identifier(m.pods.metricName, m.pods.selector), current: { averageValue: quantity(m.pods.currentAverageValue) } };
  if (isObj(m.resource)) out.resource = { name: m.resource.name ?? '', current: compact({ averageValue: quantity(m.resource.currentAverageValue), averageUtilization: m.resource.currentAverageUtilization }) };
  if (isObj(m.containerResource)) {
    const s = m.containerResource;
    out.containerResource = { name: s.name ?? '', current: compact({ averageValue: quantity(s.currentAverageValue), averageUtilization: s.currentAverageUtilization }), container: s.container ?? '' };
  }
  if (isObj(m.external)) {
    const s = m.external;
    out.external = { metric: identifier(s.metricName, s.metricSelector), current: compact({ value: quantity(s.currentValue), averageValue: s.currentAverageValue }) };
  }
  return out;
}

function rulesFromInternal(r: unknown): Obj | undefined {
  if (!isObj(r)) return undefined;
  return compact({
    stabilizationWindowSeconds: r.StabilizationWindowSeconds ?? undefined,
    selectPolicy: r.SelectPolicy ?? undefined,
    policies: Array.isArray(r.Policies) ? objs(r.Policies).map((p) => ({ type: p.Type, value: p.Value, periodSeconds: p.PeriodSeconds })) : undefined,
  });
}

/** An annotation's JSON list, or undefined when absent or not a list (Kubernetes refuses to decode it). */
function annotationList(annotations: Obj, key: string): Obj[] | undefined {
  const raw = annotations[key];
  if (typeof raw !== 'string') return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? objs(v) : undefined;
  } catch {
    return undefined;
  }
}

/** The stored (autoscaling/v2) form of an autoscaling/v1 HPA. */
export function hpaFromV1(v1: Obj): Obj {
  const o = clone(v1);
  const spec = objAt(o.spec);
  const status = objAt(o.status);
  const metadata = objAt(o.metadata);
  const annotations = objAt(metadata.annotations);

  const cpu: Obj[] = spec.targetCPUUtilizationPercentage !== undefined && spec.targetCPUUtilizationPercentage !== null
    ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } }]
    : [];
  const others = annotationList(annotations, metricsAnnotation)?.map(metricSpecFromV1);
  let metrics = others ? [...others, ...cpu] : cpu;
  // autoscaling/v1's implicit default, made explicit where the full set of metrics is known.
  if (metrics.length === 0) metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: defaultCPUUtilization } } }];

  const annotatedCurrent = annotationList(annotations, currentMetricsAnnotation);
  const cpuNow = status.currentCPUUtilizationPercentage;
  const currentMetrics = annotatedCurrent
    ? annotatedCurrent.map(metricStatusFromV1)
    : cpuNow !== undefined && cpuNow !== null ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpuNow } } }] : undefined;
  const conditions = annotationList(annotations, conditionsAnnotation)?.map((c) => compact({ ...c, lastTransitionTime: c.lastTransitionTime ?? undefined }));

  let behavior: Obj | undefined;
  const rawBehavior = annotations[behaviorAnnotation];
  if (typeof rawBehavior === 'string') {
    try {
      const b: unknown = JSON.parse(rawBehavior);
      if (isObj(b)) behavior = compact({ scaleUp: rulesFromInternal(b.ScaleUp), scaleDown: rulesFromInternal(b.ScaleDown) });
    } catch {
      behavior = undefined;
    }
  }
  for (const k of roundTrip) delete annotations[k];
  if (isObj(metadata.annotations) && Object.keys(annotations).length === 0) delete metadata.annotations;

  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: compact({ scaleTargetRef: ref(spec.scaleTargetRef), minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas, metrics, behavior }),
    status: compact({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentMetrics,
      conditions,
    }),
  };
}
