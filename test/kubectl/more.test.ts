// Golden: rollout on kinds without rollout support, `describe --show-events=false`, `auth whoami` and
// `explain --recursive`, with the real kubectl and with ours on the same cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';
import { both } from './golden.js';

const FIXTURES = `
apiVersion: v1
kind: Pod
metadata: {name: p1, labels: {app: web}}
spec:
  nodeName: node-a
  containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: "1"}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs1}
spec:
  replicas: 0
  selector: {matchLabels: {app: rs1}}
  template:
    metadata: {labels: {app: rs1}}
    spec: {containers: [{name: c, image: busybox}]}
`;

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`more commands: ours vs the real kubectl${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
    const r = await env.kubectl(['apply', '-f', '-'], { input: FIXTURES });
    if (r.code !== 0) throw new Error(r.stderr);
    // an event about p1, so that --show-events=false has something to hide
    const ev = await env.kubectl(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'p1.1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'p1', namespace: 'default', apiVersion: 'v1' }, reason: 'Tested', message: 'hello', type: 'Normal', source: { component: 'test' }, count: 1 }) });
    if (ev.code !== 0) throw new Error(ev.stderr);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it.each([
    ['rollout status pod', ['rollout', 'status', 'pod/p1']],
    ['rollout status replicaset', ['rollout', 'status', 'rs/rs1']],
    ['rollout status service', ['rollout', 'status', 'service', 'web']],
    ['rollout history configmap', ['rollout', 'history', 'cm/settings']],
    ['rollout undo pod', ['rollout', 'undo', 'pod/p1']],
    ['rollout restart service', ['rollout', 'restart', 'svc/web']],
    ['rollout pause pod', ['rollout', 'pause', 'pod/p1']],
    ['rollout resume replicaset', ['rollout', 'resume', 'replicaset/rs1']],
    ['rollout restart replicaset', ['rollout', 'restart', 'rs', 'rs1']],
    ['rollout history replicaset', ['rollout', 'history', 'rs/rs1']],
    ['describe pod --show-events=false', ['describe', 'pod', 'p1', '--show-events=false']],
    ['describe svc --show-events=false', ['describe', 'svc', 'web', '--show-events=false']],
    ['auth whoami', ['auth', 'whoami']],
    ['auth whoami -o json', ['auth', 'whoami', '-o', 'json']],
    ['auth whoami -o yaml', ['auth', 'whoami', '-o', 'yaml']],
    ['explain --recursive', ['explain', 'pods.spec.securityContext', '--recursive']],
    ['explain --recursive deployment', ['explain', 'deployment', '--recursive']],
    ['explain a field list with long enums', ['explain', 'pods.spec.containers.lifecycle.preStop']],
    ['explain --recursive under an array field', ['explain', 'deploy.spec.template.spec.containers.ports', '--recursive']],
  ])('%s', async (_name, args) => {
    const { theirs, mine } = await both(env, args);
    expect(mine.stdout).toBe(theirs.stdout);
    expect(mine.stderr).toBe(theirs.stderr);
    expect(mine.code).toBe(theirs.code);
  });
});
