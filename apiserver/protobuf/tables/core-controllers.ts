// Field tables for core/v1 ReplicationController and PodTemplate (clients built on client-go write
// them as protobuf). Numbers from staging/src/k8s.io/api/core/v1/generated.proto; a controller's
// status is the controller's and is left undescribed (skipped like unknown fields).

import type { TableSource } from './source.js';

export const coreControllerTables: TableSource = {
  ReplicationController: { 1: 'metadata:ObjectMeta', 2: 'spec:ReplicationControllerSpec' },
  ReplicationControllerSpec: {
    1: 'replicas:int32?',
    4: 'minReadySeconds:int32',
    2: 'selector:map<string>',
    3: 'template:PodTemplateSpec?',
  },
  PodTemplate: { 1: 'metadata:ObjectMeta', 2: 'template:PodTemplateSpec' },
};
