// HorizontalPodAutoscaler defaults, validation and the autoscaling/v1 conversion, without a server.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import { defaultHpa } from './hpa.js';
import { behaviorAnnotation, conditionsAnnotation, currentMetricsAnnotation, hpaFromV1, hpaToV1, metricsAnnotation } from './hpa-v1.js';
import { validateHpaSpec } from './hpa-validation.js';

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const cpu = (n: number): Obj => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: n } } });
const hpa = (spec: Obj): Obj => ({ metadata: { name: 'h', namespace: 'default' }, spec: { scaleTargetRef: ref, maxReplicas: 3, ...spec } });

describe('HPA defaults (autoscaling/v2 SetDefaults_HorizontalPodAutoscaler)', () => {
  it('sets minReplicas 1 and the 80% CPU metric, and no behavior', () => {
    const o = hpa({});
    defaultHpa(o);
    expect(o.spec).toEqual({ scaleTargetRef: ref, maxReplicas: 3, minReplicas: 1, metrics: [cpu(80)] });
  });

  it('fills each scaling rule of a given behavior from the defaults, keeping what is set', () => {
    const o = hpa({ minReplicas: 2, metrics: [cpu(50)], behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } });
    defaultHpa(o);
    expect((o.spec as Obj).behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
    expect((o.spec as Obj).minReplicas).toBe(2);
  });
});

describe('HPA validation (pkg/apis/autoscaling/validation)', () => {
  it.each<[string, Obj, string[]]>([
    ['valid', { minReplicas: 1, metrics: [cpu(50)] }, []],
    ['minReplicas 0', { minReplicas: 0, metrics: [cpu(50)] }, [
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
      'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
    ]],
    ['maxReplicas 0', { maxReplicas: 0, minReplicas: 1, metrics: [cpu(50)] }, [
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
      'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`',
    ]],
    ['no target name', { scaleTargetRef: { kind: 'Deployment' }, minReplicas: 1, metrics: [cpu(50)] }, ['spec.scaleTargetRef.name: Required value']],
    ['a target name with a slash', { scaleTargetRef: { kind: 'Deployment', name: 'a/b' }, minReplicas: 1, metrics: [cpu(50)] }, ["spec.scaleTargetRef.name: Invalid value: \"a/b\": may not contain '/'"]],
    ['zero utilization', { minReplicas: 1, metrics: [cpu(0)] }, ['spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0']],
    ['both utilization and value', { minReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 5, averageValue: '1' } } }] }, [
      'spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization',
    ]],
    ['a source other than the type', { minReplicas: 1, metrics: [{ type: 'Pods', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 5 } } }] }, [
      'spec.metrics[0].pods: Required value: must populate information for the given metric source',
    ]],
    ['an unknown type', { minReplicas: 1, metrics: [{ type: 'Magic' }] }, [
      'spec.metrics[0].type: Unsupported value: "Magic": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
      'spec.metrics[0].type: Unsupported value: "Magic": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
    ]],
    ['a negative pods target', { minReplicas: 1, metrics: [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '-1' } } }] }, [
      'spec.metrics[0].pods.target.averageValue: Invalid value: "-1": must be positive',
    ]],
    ['a behavior without policies and a long window', { minReplicas: 1, metrics: [cpu(5)], behavior: { scaleUp: { stabilizationWindowSeconds: 4000, policies: [] } } }, [
      'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600',
      'spec.behavior.scaleUp.policies: Required value: must specify at least one Policy',
    ]],
    ['a bad policy', { minReplicas: 1, metrics: [cpu(5)], behavior: { scaleDown: { selectPolicy: 'Avg', policies: [{ type: 'Nodes', value: 0, periodSeconds: 2000 }] } } }, [
      'spec.behavior.scaleDown.selectPolicy: Unsupported value: "Avg": supported values: "Disabled", "Max", "Min"',
      'spec.behavior.scaleDown.policies[0].type: Unsupported value: "Nodes": supported values: "Percent", "Pods"',
      'spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 2000: must be less than or equal to 1800',
    ]],
  ])('%s', (_name, spec, want) => {
    expect(validateHpaSpec(hpa(spec)).map((e) => `${e.field}: ${e.message}`)).toEqual(want);
  });
});

describe('autoscaling/v1 <-> v2 (pkg/apis/autoscaling/v1/conversion.go)', () => {
  const v2: Obj = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'h', annotations: { [metricsAnnotation]: 'stale', keep: 'x' } },
    spec: {
      scaleTargetRef: ref,
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [
        { type: 'Object', object: { describedObject: { apiVersion: 'v1', kind: 'Service', name: 's' }, metric: { name: 'rps' }, target: { type: 'Value', value: '10' } } },
        { type: 'ContainerResource', containerResource: { name: 'memory', container: 'app', target: { type: 'AverageValue', averageValue: '100Mi' } } },
        cpu(70),
      ],
      behavior: { scaleDown: { selectPolicy: 'Disabled', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    },
    status: { desiredReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 40 } } }] },
  };

  it('keeps in annotations, in v1 form, what v1 cannot hold; drops stale round-trip annotations', () => {
    const v1 = hpaToV1(v2);
    expect(v1).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: 'h',
        annotations: {
          keep: 'x',
          [metricsAnnotation]:
            '[{"type":"Object","object":{"target":{"kind":"Service","name":"s","apiVersion":"v1"},"metricName":"rps","targetValue":"10"}},' +
            '{"type":"ContainerResource","containerResource":{"name":"memory","targetAverageValue":"100Mi","container":"app"}}]',
          [currentMetricsAnnotation]: '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":40,"currentAverageValue":"0"}}]',
          [behaviorAnnotation]: '{"ScaleUp":null,"ScaleDown":{"StabilizationWindowSeconds":null,"SelectPolicy":"Disabled","Policies":[{"Type":"Pods","Value":1,"PeriodSeconds":60}]}}',
        },
      },
      spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 70 },
      status: { currentReplicas: 0, desiredReplicas: 2, currentCPUUtilizationPercentage: 40 },
    });
    expect((v2.metadata as Obj).annotations).toEqual({ [metricsAnnotation]: 'stale', keep: 'x' });
  });

  it('reads the annotations back into v2 (the CPU target after the others) and removes them', () => {
    const back = hpaFromV1(hpaToV1(v2));
    expect((back.metadata as Obj).annotations).toEqual({ keep: 'x' });
    expect((back.spec as Obj).metrics).toEqual([...((v2.spec as Obj).metrics as Obj[]).slice(0, 2), cpu(70)]);
    expect((back.spec as Obj).behavior).toEqual({ scaleDown: { selectPolicy: 'Disabled', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } });
    // v1's ResourceMetricStatus.currentAverageValue is not a pointer: a "0" comes back, as in Kubernetes.
    expect((back.status as Obj).currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '0', averageUtilization: 40 } } }]);
  });

  it('makes v1\'s implicit 80% CPU target explicit when there is no metric at all', () => {
    const v1: Obj = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: ref, maxReplicas: 2 } };
    expect((hpaFromV1(v1).spec as Obj).metrics).toEqual([cpu(80)]);
  });

  it('carries conditions through their annotation', () => {
    const conditions = [{ type: 'ScalingActive', status: 'False', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'FailedGetResourceMetric', message: 'no metrics' }];
    const v1 = hpaToV1({ ...v2, status: { desiredReplicas: 0, conditions } });
    expect(((v1.metadata as Obj).annotations as Obj)[conditionsAnnotation]).toBe(JSON.stringify(conditions));
    expect((hpaFromV1(v1).status as Obj).conditions).toEqual(conditions);
  });
});
