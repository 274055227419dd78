// What the per-kind goldens do not cover for the workload kinds of issue 13, with the real kubectl:
// kubectl's job/cronjob generators (protobuf bodies), scale and rollout on StatefulSets and
// DaemonSets, and field ownership of what the API server generates — a Job's selector and pod
// labels come from the job strategy after the field manager ran (as in Kubernetes' create handler),
// so no manager owns them and a later server-side apply (with kubectl's migration) keeps them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdAvailable, etcdSkipReason, kubectlAvailable, kubectlSkipReason, startEnvtest, type TestApiServer } from '../envtest.js';

const job = (parallelism: number): string => `
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  parallelism: ${parallelism}
  template:
    spec:
      containers: [{name: pi, image: "perl:5.34"}]
      restartPolicy: Never
`;

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`workload kinds with the real kubectl${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('client-side apply, then server-side apply keeps the generated selector', async () => {
    await env.kubectlOk(['apply', '-f', '-'], { input: job(1) });
    const created = JSON.parse(await env.kubectlOk(['get', 'job', 'pi', '-o', 'json', '--show-managed-fields'])) as {
      metadata: { uid: string; managedFields: { manager: string; fieldsV1: { 'f:spec'?: Record<string, unknown> } }[] };
    };
    const owned = created.metadata.managedFields.find((e) => e.manager === 'kubectl-client-side-apply')?.fieldsV1['f:spec'] ?? {};
    expect(Object.keys(owned)).not.toContain('f:selector');
    expect(Object.keys(owned)).toContain('f:backoffLimit');

    const r = await env.kubectl(['apply', '--server-side', '-f', '-'], { input: job(2) });
    expect(r).toMatchObject({ code: 0, stdout: 'job.batch/pi serverside-applied\n', stderr: '' });
    const selector = await env.kubectlOk(['get', 'job', 'pi', '-o', 'jsonpath={.spec.parallelism} {.spec.selector.matchLabels}']);
    expect(selector).toBe(`2 {"batch.kubernetes.io/controller-uid":"${created.metadata.uid}"}`);
  });

  it('kubectl create job / cronjob / job --from=cronjob send protobuf bodies the server decodes', async () => {
    expect(await env.kubectlOk(['create', 'job', 'once', '--image=busybox', '--', 'date'])).toBe('job.batch/once created\n');
    const once = JSON.parse(await env.kubectlOk(['get', 'job', 'once', '-o', 'json'])) as { metadata: { uid: string; labels: Record<string, string> }; spec: Record<string, unknown> };
    const uid = once.metadata.uid;
    expect(once.metadata.labels).toEqual({ 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'once', 'controller-uid': uid, 'job-name': 'once' });
    expect(once.spec).toMatchObject({ selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } }, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'once', image: 'busybox', command: ['date'] }] } } });

    expect(await env.kubectlOk(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/1 * * * *'])).toBe('cronjob.batch/tick created\n');
    expect(await env.kubectlOk(['create', 'job', 'tick-manual', '--from=cronjob/tick'])).toBe('job.batch/tick-manual created\n');
    const manual = JSON.parse(await env.kubectlOk(['get', 'job', 'tick-manual', '-o', 'json'])) as { metadata: { annotations: Record<string, string>; ownerReferences: { kind: string; name: string }[] } };
    expect(manual.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(manual.metadata.ownerReferences).toMatchObject([{ kind: 'CronJob', name: 'tick' }]);
  });

  it('kubectl scale and rollout on a StatefulSet and a DaemonSet', async () => {
    await env.kubectlOk(['apply', '-f', '-'], {
      input: `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: "postgres:17"}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: "busybox"}]}
`,
    });
    expect(await env.kubectlOk(['scale', 'sts', 'db', '--replicas=3'])).toBe('statefulset.apps/db scaled\n');
    expect(await env.kubectlOk(['get', 'sts', 'db', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}'])).toBe('3 2');
    const scale = JSON.parse(await env.kubectlOk(['get', '--raw', '/apis/apps/v1/namespaces/default/statefulsets/db/scale'])) as Record<string, unknown>;
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 3 }, status: { replicas: 0, selector: 'app=db' } });
    for (const target of ['sts/db', 'ds/agent']) {
      const restarted = await env.kubectlOk(['rollout', 'restart', target]);
      expect(restarted).toMatch(/^(statefulset|daemonset)\.apps\/(db|agent) restarted\n$/);
    }
    const restartedAt = await env.kubectlOk(['get', 'ds', 'agent', '-o', 'jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}']);
    expect(restartedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Status writes are checked as Kubernetes' status strategy checks them.
    const bad = await env.kubectl(['patch', 'sts', 'db', '--subresource=status', '--type=merge', '-p', '{"status":{"readyReplicas":5}}']);
    expect(bad.stderr).toBe('The StatefulSet "db" is invalid: status.readyReplicas: Invalid value: 5: cannot be greater than status.replicas\n');
    expect(await env.kubectlOk(['patch', 'sts', 'db', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":3,"readyReplicas":2}}'])).toBe('statefulset.apps/db patched\n');
    expect(await env.kubectlOk(['get', 'sts', 'db', '-o', 'jsonpath={.status.readyReplicas}/{.spec.replicas}'])).toBe('2/3');
    // No controller has observed the new generation: rollout status says so instead of claiming success.
    expect(await env.kubectlOk(['rollout', 'status', 'sts/db', '--watch=false'])).toBe('Waiting for statefulset spec update to be observed...\n');
    expect(await env.kubectlOk(['rollout', 'history', 'sts/db'])).toBe('statefulset.apps/db \nNo rollout history found.\n');
  });
});
