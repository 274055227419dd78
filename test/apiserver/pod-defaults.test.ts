// The real kubectl applies a Pod, a Deployment and a Service that leave out what Kubernetes defaults (a
// volume with no source, probes without timings, ports without protocol…); `kubectl get -o json` must show
// the values Kubernetes 1.32 returns, written here from its SetDefaults_* (pkg/apis/core/v1/defaults.go),
// not from our output (issue #21 item 8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEnvtest, etcdAvailable, kubectlAvailable, etcdSkipReason, kubectlSkipReason, type TestApiServer } from '../envtest.js';

const manifest = `
apiVersion: v1
kind: Pod
metadata: {name: defaults}
spec:
  initContainers:
  - {name: init, image: busybox, command: ['true']}
  containers:
  - name: app
    image: nginx:1.27
    ports: [{containerPort: 80}]
    env: [{name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
    livenessProbe: {httpGet: {port: 80}}
    readinessProbe: {tcpSocket: {port: 80}}
    startupProbe: {grpc: {port: 9000}}
    resources: {limits: {cpu: 100m, memory: 64Mi}}
    volumeMounts: [{name: scratch, mountPath: /scratch}]
  volumes:
  - name: scratch
  - name: cfg
    configMap: {name: cfg}
  - name: host
    hostPath: {path: /tmp}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: defaults}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers:
      - {name: app, image: nginx, resources: {limits: {cpu: 100m}}}
      volumes: [{name: scratch}]
---
apiVersion: v1
kind: Service
metadata: {name: defaults}
spec:
  selector: {app: d}
  ports: [{port: 80}]
`;

const timings = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
const containerDefaults = { terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };

type Json = Record<string, unknown>;

describe.skipIf(!etcdAvailable || !kubectlAvailable)(`kubectl apply gets Kubernetes' defaults${etcdSkipReason}${kubectlSkipReason}`, () => {
  let env: TestApiServer;
  beforeAll(async () => {
    env = await startEnvtest();
    const r = await env.kubectl(['apply', '-f', '-'], { input: manifest });
    if (r.code !== 0) throw new Error(`kubectl apply failed (${r.code}): ${r.stderr}`);
  });
  afterAll(async () => {
    await env?.stop();
  });

  const get = async (what: string): Promise<Json> => {
    const r = await env.kubectl(['get', what, 'defaults', '-o', 'json']);
    if (r.code !== 0) throw new Error(`kubectl get ${what} failed (${r.code}): ${r.stderr}`);
    return JSON.parse(r.stdout) as Json;
  };

  it('defaults the Pod as Kubernetes 1.32 does', async () => {
    const spec = (await get('pod')).spec as Json;
    expect(spec).toMatchObject({
      restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', securityContext: {},
      schedulerName: 'default-scheduler', enableServiceLinks: true,
    });
    const [app] = spec.containers as Json[];
    expect({ ...app, volumeMounts: undefined }).toEqual({
      name: 'app', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', ...containerDefaults,
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      env: [{ name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }],
      resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '100m', memory: '64Mi' } },
      livenessProbe: { httpGet: { path: '/', port: 80, scheme: 'HTTP' }, ...timings },
      readinessProbe: { tcpSocket: { port: 80 }, ...timings },
      startupProbe: { grpc: { port: 9000, service: '' }, ...timings },
      volumeMounts: undefined,
    });
    expect(spec.initContainers).toEqual([{ name: 'init', image: 'busybox', command: ['true'], imagePullPolicy: 'Always', resources: {}, ...containerDefaults }]);
    const volumes = (spec.volumes as Json[]).filter((v) => ['scratch', 'cfg', 'host'].includes(String(v.name)));
    expect(volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
      { name: 'host', hostPath: { path: '/tmp', type: '' } },
    ]);
  });

  it('defaults a Deployment template as a PodSpec, without the Pod-only defaults', async () => {
    const tmpl = ((((await get('deployment')).spec as Json).template as Json).spec) as Json;
    expect(tmpl).toEqual({
      containers: [{ name: 'app', image: 'nginx', imagePullPolicy: 'Always', resources: { limits: { cpu: '100m' } }, ...containerDefaults }],
      volumes: [{ name: 'scratch', emptyDir: {} }],
      restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', securityContext: {}, schedulerName: 'default-scheduler',
    });
  });

  it('defaults the Service as Kubernetes 1.32 does', async () => {
    const spec = (await get('service')).spec as Json;
    expect({ ...spec, clusterIP: undefined, clusterIPs: undefined }).toEqual({
      selector: { app: 'd' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], type: 'ClusterIP', sessionAffinity: 'None',
      ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', clusterIP: undefined, clusterIPs: undefined,
    });
  });
});
