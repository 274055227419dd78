// The catalogue of kinds whose protobuf bodies we can decode: apiVersion + kind → root message,
// and the schema assembled from all field tables.

import { buildSchema, type Schema } from './schema.js';
import { appsTables } from './tables/apps.js';
import { autoscalingTables } from './tables/autoscaling.js';
import { batchTables } from './tables/batch.js';
import { certificatesTables } from './tables/certificates.js';
import { clusterTables } from './tables/cluster.js';
import { authTables } from './tables/auth.js';
import { coreTables } from './tables/core.js';
import { coreControllerTables } from './tables/core-controllers.js';
import { podTables } from './tables/core-pod.js';
import { volumeTables } from './tables/core-volumes.js';
import { metaTables } from './tables/meta.js';
import { miscTables } from './tables/misc.js';

export const schema: Schema = buildSchema(
  metaTables,
  coreTables,
  podTables,
  volumeTables,
  appsTables,
  authTables,
  miscTables,
  batchTables,
  clusterTables,
  certificatesTables,
  autoscalingTables,
  coreControllerTables,
);

interface KindEntry {
  /** apiVersions this kind is accepted under; '*' for any (DeleteOptions rides in every group). */
  readonly apiVersions: readonly string[] | '*';
  /** Root message in the schema; defaults to the kind's name. */
  readonly message?: string;
}

const AUTHN = ['authentication.k8s.io/v1', 'authentication.k8s.io/v1beta1'];
const AUTHZ = ['authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1'];
const RBAC = ['rbac.authorization.k8s.io/v1'];

const kinds: Record<string, KindEntry> = {
  Namespace: { apiVersions: ['v1'] },
  ConfigMap: { apiVersions: ['v1'] },
  Secret: { apiVersions: ['v1'] },
  ServiceAccount: { apiVersions: ['v1'] },
  Service: { apiVersions: ['v1'] },
  Pod: { apiVersions: ['v1'] },
  Event: { apiVersions: ['v1'] },
  Binding: { apiVersions: ['v1'] },
  ResourceQuota: { apiVersions: ['v1'] },
  LimitRange: { apiVersions: ['v1'] },
  PersistentVolumeClaim: { apiVersions: ['v1'] },
  ReplicationController: { apiVersions: ['v1'] },
  PodTemplate: { apiVersions: ['v1'] },
  Job: { apiVersions: ['batch/v1'] },
  CronJob: { apiVersions: ['batch/v1'] },
  PodDisruptionBudget: { apiVersions: ['policy/v1'] },
  HorizontalPodAutoscaler: { apiVersions: ['autoscaling/v1'], message: 'HorizontalPodAutoscalerV1' },
  PriorityClass: { apiVersions: ['scheduling.k8s.io/v1'] },
  Ingress: { apiVersions: ['networking.k8s.io/v1'] },
  Deployment: { apiVersions: ['apps/v1'] },
  ReplicaSet: { apiVersions: ['apps/v1'] },
  SelfSubjectAccessReview: { apiVersions: AUTHZ },
  SubjectAccessReview: { apiVersions: AUTHZ },
  LocalSubjectAccessReview: { apiVersions: AUTHZ, message: 'SubjectAccessReview' },
  SelfSubjectRulesReview: { apiVersions: AUTHZ },
  TokenRequest: { apiVersions: AUTHN },
  TokenReview: { apiVersions: AUTHN },
  SelfSubjectReview: { apiVersions: [...AUTHN, 'authentication.k8s.io/v1alpha1'] },
  Scale: { apiVersions: ['autoscaling/v1'] },
  Eviction: { apiVersions: ['policy/v1', 'policy/v1beta1'] },
  DeleteOptions: { apiVersions: '*' },
  Lease: { apiVersions: ['coordination.k8s.io/v1'] },
  Role: { apiVersions: RBAC },
  ClusterRole: { apiVersions: RBAC },
  RoleBinding: { apiVersions: RBAC },
  ClusterRoleBinding: { apiVersions: RBAC },
  CertificateSigningRequest: { apiVersions: ['certificates.k8s.io/v1'] },
};

/** The root message for apiVersion/kind, or undefined when we have no schema for it. */
export function messageFor(apiVersion: string, kind: string): string | undefined {
  if (!Object.hasOwn(kinds, kind)) return undefined;
  const entry = kinds[kind]!;
  if (entry.apiVersions !== '*' && !entry.apiVersions.includes(apiVersion)) return undefined;
  return entry.message ?? kind;
}

/** Every apiVersion/kind pair with a fixed version list (for tests and docs). */
export function supportedKinds(): { apiVersion: string; kind: string }[] {
  const out: { apiVersion: string; kind: string }[] = [];
  for (const [kind, e] of Object.entries(kinds)) {
    if (e.apiVersions === '*') continue;
    for (const apiVersion of e.apiVersions) out.push({ apiVersion, kind });
  }
  return out;
}
