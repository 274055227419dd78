// Field tables for autoscaling/v1 HorizontalPodAutoscaler, which `kubectl autoscale` POSTs as
// protobuf. Numbers from staging/src/k8s.io/api/autoscaling/v1/generated.proto; the messages carry a
// V1 suffix because autoscaling/v2 has messages of the same names with other fields.

import type { TableSource } from './source.js';

export const autoscalingTables: TableSource = {
  HorizontalPodAutoscalerV1: { 1: 'metadata:ObjectMeta', 2: 'spec:HorizontalPodAutoscalerSpecV1', 3: 'status:HorizontalPodAutoscalerStatusV1' },
  HorizontalPodAutoscalerSpecV1: {
    1: 'scaleTargetRef:CrossVersionObjectReferenceV1',
    2: 'minReplicas:int32?',
    3: 'maxReplicas:int32',
    4: 'targetCPUUtilizationPercentage:int32?',
  },
  CrossVersionObjectReferenceV1: { 1: 'kind', 2: 'name', 3: 'apiVersion' },
  HorizontalPodAutoscalerStatusV1: {
    1: 'observedGeneration:int64?',
    2: 'lastScaleTime:Time?',
    3: 'currentReplicas:int32',
    4: 'desiredReplicas:int32',
    5: 'currentCPUUtilizationPercentage:int32?',
  },
};
