// Field ownership of what the API server generates: a Job's selector and pod labels come from the
// job strategy after the field manager ran (as in Kubernetes' create handler), so no manager owns
// them and a later server-side apply (with kubectl's client-side-apply migration) keeps them.
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

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`generated Job fields have no owner${etcdSkipReason}${kubectlSkipReason}`, () => {
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
});
