// autoscaling HorizontalPodAutoscalers (pkg/registry/autoscaling/horizontalpodautoscaler): stored and
// preferred as autoscaling/v2, served as autoscaling/v1 too through the annotation round trip of
// ./hpa-v1.ts. Defaults as autoscaling/v2's SetDefaults_HorizontalPodAutoscaler; the status is the
// controller's (its subresource), reset on create.
import { type Obj, clone, ensure, isObj } from '../../../apimachinery/objects.js';
import { hpaPrinter } from '../../printers/autoscaling-policy.js';
import { defineResource } from '../strategy/define.js';
import { objs, setIfAbsent } from '../strategy/util.js';
import { hpaFromV1, hpaToV1 } from './hpa-v1.js';
import { validateHpaSpec, validateHpaStatus } from './hpa-validation.js';

const defaultScaleUp: Obj = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
// No stabilization window: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies.
const defaultScaleDown: Obj = { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

/** GenerateHPAScale{Up,Down}Rules: the defaults, with every field the user set kept. */
function scalingRules(given: unknown, defaults: Obj): Obj {
  const out = clone(defaults);
  if (!isObj(given)) return out;
  for (const k of ['stabilizationWindowSeconds', 'selectPolicy', 'policies']) if (given[k] !== undefined && given[k] !== null) out[k] = given[k];
  return { stabilizationWindowSeconds: out.stabilizationWindowSeconds, selectPolicy: out.selectPolicy, policies: out.policies };
}

export function defaultHpa(o: Obj): void {
  const spec = ensure(o, 'spec');
  setIfAbsent(spec, 'minReplicas', 1);
  if (objs(spec.metrics).length === 0) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  if (isObj(spec.behavior)) {
    spec.behavior.scaleUp = scalingRules(spec.behavior.scaleUp, defaultScaleUp);
    spec.behavior.scaleDown = scalingRules(spec.behavior.scaleDown, defaultScaleDown);
  }
}

export const horizontalpodautoscalers = defineResource({
  group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  defaults: defaultHpa,
  prepareForCreate(o) {
    // The empty status as autoscaling/v2 serialises it: currentMetrics and desiredReplicas are not omitempty.
    o.status = { currentMetrics: null, desiredReplicas: 0 };
  },
  prepareForStatusUpdate(next, old) {
    next.spec = clone(old.spec);
  },
  validate: (o) => validateHpaSpec(o),
  // minReplicas 0 needs the alpha HPAScaleToZero gate (off), so no stored HPA scales to zero: updates check the spec as creates do.
  validateUpdate: (o, _old, subresource) => (subresource === 'status' ? validateHpaStatus(o) : []),
  printer: hpaPrinter,
  subresources: { status: { type: 'status' } },
  versions: [
    {
      group: 'autoscaling',
      version: 'v1',
      defaults(o) {
        setIfAbsent(ensure(o, 'spec'), 'minReplicas', 1);
      },
      toStorage: hpaFromV1,
      fromStorage: hpaToV1,
    },
  ],
});
