// `kubectl api-resources` against our API server prints what it prints against Kubernetes 1.32: the
// same 58 rows (kubectl sorts them by API group, then name), short names, preferred versions, scope
// and kinds; `-o wide` gives the same verbs and categories for the rows below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';

// NAME, SHORTNAMES, APIVERSION, NAMESPACED, KIND — a Kubernetes 1.32 cluster's rows.
const rows = `
bindings|||v1|true|Binding
componentstatuses|cs|v1|false|ComponentStatus
configmaps|cm|v1|true|ConfigMap
endpoints|ep|v1|true|Endpoints
events|ev|v1|true|Event
limitranges|limits|v1|true|LimitRange
namespaces|ns|v1|false|Namespace
nodes|no|v1|false|Node
persistentvolumeclaims|pvc|v1|true|PersistentVolumeClaim
persistentvolumes|pv|v1|false|PersistentVolume
pods|po|v1|true|Pod
podtemplates||v1|true|PodTemplate
replicationcontrollers|rc|v1|true|ReplicationController
resourcequotas|quota|v1|true|ResourceQuota
secrets||v1|true|Secret
serviceaccounts|sa|v1|true|ServiceAccount
services|svc|v1|true|Service
mutatingwebhookconfigurations||admissionregistration.k8s.io/v1|false|MutatingWebhookConfiguration
validatingadmissionpolicies||admissionregistration.k8s.io/v1|false|ValidatingAdmissionPolicy
validatingadmissionpolicybindings||admissionregistration.k8s.io/v1|false|ValidatingAdmissionPolicyBinding
validatingwebhookconfigurations||admissionregistration.k8s.io/v1|false|ValidatingWebhookConfiguration
customresourcedefinitions|crd,crds|apiextensions.k8s.io/v1|false|CustomResourceDefinition
apiservices||apiregistration.k8s.io/v1|false|APIService
controllerrevisions||apps/v1|true|ControllerRevision
daemonsets|ds|apps/v1|true|DaemonSet
deployments|deploy|apps/v1|true|Deployment
replicasets|rs|apps/v1|true|ReplicaSet
statefulsets|sts|apps/v1|true|StatefulSet
selfsubjectreviews||authentication.k8s.io/v1|false|SelfSubjectReview
tokenreviews||authentication.k8s.io/v1|false|TokenReview
localsubjectaccessreviews||authorization.k8s.io/v1|true|LocalSubjectAccessReview
selfsubjectaccessreviews||authorization.k8s.io/v1|false|SelfSubjectAccessReview
selfsubjectrulesreviews||authorization.k8s.io/v1|false|SelfSubjectRulesReview
subjectaccessreviews||authorization.k8s.io/v1|false|SubjectAccessReview
horizontalpodautoscalers|hpa|autoscaling/v2|true|HorizontalPodAutoscaler
cronjobs|cj|batch/v1|true|CronJob
jobs||batch/v1|true|Job
certificatesigningrequests|csr|certificates.k8s.io/v1|false|CertificateSigningRequest
leases||coordination.k8s.io/v1|true|Lease
endpointslices||discovery.k8s.io/v1|true|EndpointSlice
events|ev|events.k8s.io/v1|true|Event
flowschemas||flowcontrol.apiserver.k8s.io/v1|false|FlowSchema
prioritylevelconfigurations||flowcontrol.apiserver.k8s.io/v1|false|PriorityLevelConfiguration
ingressclasses||networking.k8s.io/v1|false|IngressClass
ingresses|ing|networking.k8s.io/v1|true|Ingress
networkpolicies|netpol|networking.k8s.io/v1|true|NetworkPolicy
runtimeclasses||node.k8s.io/v1|false|RuntimeClass
poddisruptionbudgets|pdb|policy/v1|true|PodDisruptionBudget
clusterrolebindings||rbac.authorization.k8s.io/v1|false|ClusterRoleBinding
clusterroles||rbac.authorization.k8s.io/v1|false|ClusterRole
rolebindings||rbac.authorization.k8s.io/v1|true|RoleBinding
roles||rbac.authorization.k8s.io/v1|true|Role
priorityclasses|pc|scheduling.k8s.io/v1|false|PriorityClass
csidrivers||storage.k8s.io/v1|false|CSIDriver
csinodes||storage.k8s.io/v1|false|CSINode
csistoragecapacities||storage.k8s.io/v1|true|CSIStorageCapacity
storageclasses|sc|storage.k8s.io/v1|false|StorageClass
volumeattachments||storage.k8s.io/v1|false|VolumeAttachment
`
  .trim()
  .split('\n')
  .map((l) => l.replace('|||', '||').split('|'));

/** kubectl's tabwriter layout: every column but the last padded to its widest cell plus three spaces. */
function table(cells: string[][]): string {
  const widths = cells[0].map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  return cells.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] + 3))).join('').trimEnd() + '\n').join('');
}

const all8 = 'create,delete,deletecollection,get,list,patch,update,watch';
// -o wide: VERBS and CATEGORIES of the rows whose verbs or categories are not the usual eight / none.
const wide: Record<string, [string, string]> = {
  bindings: ['create', ''],
  componentstatuses: ['get,list', ''],
  namespaces: ['create,delete,get,list,patch,update,watch', ''],
  pods: [all8, 'all'],
  replicationcontrollers: [all8, 'all'],
  'deployments.apps': [all8, 'all'],
  'daemonsets.apps': [all8, 'all'],
  'replicasets.apps': [all8, 'all'],
  'statefulsets.apps': [all8, 'all'],
  'horizontalpodautoscalers.autoscaling': [all8, 'all'],
  'cronjobs.batch': [all8, 'all'],
  'jobs.batch': [all8, 'all'],
  'customresourcedefinitions.apiextensions.k8s.io': [all8, 'api-extensions'],
  'apiservices.apiregistration.k8s.io': [all8, 'api-extensions'],
  'mutatingwebhookconfigurations.admissionregistration.k8s.io': [all8, 'api-extensions'],
  'validatingwebhookconfigurations.admissionregistration.k8s.io': [all8, 'api-extensions'],
  'validatingadmissionpolicies.admissionregistration.k8s.io': [all8, 'api-extensions'],
  'validatingadmissionpolicybindings.admissionregistration.k8s.io': [all8, 'api-extensions'],
  'tokenreviews.authentication.k8s.io': ['create', ''],
  'selfsubjectreviews.authentication.k8s.io': ['create', ''],
  'subjectaccessreviews.authorization.k8s.io': ['create', ''],
  'localsubjectaccessreviews.authorization.k8s.io': ['create', ''],
  'ingresses.networking.k8s.io': [all8, ''],
  'storageclasses.storage.k8s.io': [all8, ''],
};

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`kubectl api-resources${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('prints Kubernetes 1.32\'s 58 rows', async () => {
    expect(rows).toHaveLength(58);
    const out = await env.kubectlOk(['api-resources']);
    expect(out).toBe(table([['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'], ...rows]));
  });

  it('kubectl api-versions prints the 21 group-versions of Kubernetes 1.32', async () => {
    const want = [
      'admissionregistration.k8s.io/v1', 'apiextensions.k8s.io/v1', 'apiregistration.k8s.io/v1', 'apps/v1', 'authentication.k8s.io/v1',
      'authorization.k8s.io/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1', 'certificates.k8s.io/v1', 'coordination.k8s.io/v1',
      'discovery.k8s.io/v1', 'events.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1', 'networking.k8s.io/v1', 'node.k8s.io/v1', 'policy/v1',
      'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1', 'v1',
    ];
    expect(await env.kubectlOk(['api-versions'])).toBe(want.map((v) => `${v}\n`).join(''));
  });

  it('-o wide: the verbs and categories', async () => {
    const [header, ...lines] = (await env.kubectlOk(['api-resources', '-o', 'wide'])).trimEnd().split('\n');
    // Cells by the header's column offsets (SHORTNAMES and CATEGORIES may be empty).
    const starts = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', 'VERBS', 'CATEGORIES'].map((h) => header.indexOf(h));
    const got = new Map<string, [string, string]>();
    for (const line of lines) {
      const cell = (i: number) => line.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined).trim();
      const apiVersion = cell(2);
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
      got.set(group ? `${cell(0)}.${group}` : cell(0), [cell(5), cell(6)]);
    }
    expect(got.size).toBe(58);
    for (const [resource, want] of Object.entries(wide)) expect([resource, ...(got.get(resource) ?? [])]).toEqual([resource, ...want]);
  });
});
