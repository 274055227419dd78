// Table-driven decoding of PodSpec: containers (env, probes, lifecycle, security, resources),
// volumes and scheduling fields, built with protobufjs's Writer from generated.proto numbers.

import { describe, expect, it } from 'vitest';
import { bool, envelope, int32, int64, intOrString, mapStr, msg, packed, quantity, str, sub, type Part } from './encode-for-tests.js';
import { decodeProtobufBody } from './index.js';

const meta = (...parts: Part[]): Part => sub(1, ...parts);
const kubectlMeta = (name: string): Part =>
  meta(str(1, name), str(2, ''), str(3, ''), str(4, ''), str(5, ''), str(6, ''), int64(7, 0), sub(8));

const container = sub(
  2,
  str(1, 'app'),
  str(2, 'nginx:1.27'),
  str(3, 'sh'),
  str(3, '-c'),
  str(4, 'run'),
  str(5, '/srv'),
  sub(6, str(1, 'http'), int32(2, 0), int32(3, 80), str(4, 'TCP'), str(5, '')),
  sub(7, str(1, 'A'), str(2, 'x')),
  sub(7, str(1, 'B'), str(2, ''), sub(3, sub(3, sub(1, str(1, 'cm')), str(2, 'k'), bool(3, true)))),
  sub(7, str(1, 'POD'), sub(3, sub(1, str(1, 'v1'), str(2, 'metadata.name')))),
  sub(19, str(1, 'P_'), sub(3, sub(1, str(1, 'sec')))),
  sub(8, sub(1, str(1, 'cpu'), sub(2)), sub(1, str(1, 'memory'), quantity(2, '128Mi')), sub(2, str(1, 'cpu'), quantity(2, '250m'))),
  sub(9, str(1, 'data'), bool(2, true), str(3, '/data'), str(4, 'sub')),
  sub(10, sub(1, sub(2, str(1, '/healthz'), intOrString(2, 8080), str(4, 'HTTP'))), int32(2, 5), int32(4, 10)),
  sub(11, sub(1, sub(3, intOrString(1, 'http'))), int32(6, 3)),
  sub(22, sub(1, sub(1, str(1, 'true'))), int64(7, 0)),
  sub(12, sub(2, sub(4, int64(1, 5)))),
  str(13, '/dev/termination-log'),
  str(20, 'File'),
  str(14, 'IfNotPresent'),
  sub(15, sub(1, str(1, 'NET_ADMIN'), str(2, 'ALL')), bool(2, false), int64(4, 1000), bool(6, true)),
  bool(16, true),
  bool(17, false),
  bool(18, true),
);

const cases: { name: string; raw: Uint8Array; want: Record<string, unknown> }[] = [
  {
    name: 'pod container in full (env valueFrom, probes, lifecycle, security, resources)',
    raw: msg(kubectlMeta('p'), sub(2, container)),
    want: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx:1.27',
            command: ['sh', '-c'],
            args: ['run'],
            workingDir: '/srv',
            ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
            env: [
              { name: 'A', value: 'x' },
              { name: 'B', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k', optional: true } } },
              { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            ],
            envFrom: [{ prefix: 'P_', secretRef: { name: 'sec' } }],
            resources: { limits: { cpu: '0', memory: '128Mi' }, requests: { cpu: '250m' } },
            volumeMounts: [{ name: 'data', readOnly: true, mountPath: '/data', subPath: 'sub' }],
            livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 10 },
            readinessProbe: { tcpSocket: { port: 'http' }, failureThreshold: 3 },
            startupProbe: { exec: { command: ['true'] }, terminationGracePeriodSeconds: 0 },
            lifecycle: { preStop: { sleep: { seconds: 5 } } },
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
            securityContext: { capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] }, privileged: false, runAsUser: 1000, readOnlyRootFilesystem: true },
            stdin: true,
            tty: true,
          },
        ],
      },
    },
  },
  {
    name: 'pod spec: volumes, scheduling, security',
    raw: msg(
      kubectlMeta('p'),
      sub(
        2,
        sub(1, str(1, 'scratch'), sub(2, sub(2, str(1, '')))),
        sub(1, str(1, 'host'), sub(2, sub(1, str(1, '/var/log'), str(2, 'Directory')))),
        sub(1, str(1, 'cfg'), sub(2, sub(19, sub(1, str(1, 'cm')), sub(2, str(1, 'k'), str(2, 'k.txt'), int32(3, 0o400)), int32(3, 0o644)))),
        sub(1, str(1, 'sec'), sub(2, sub(6, str(1, 's1'), bool(4, false)))),
        sub(1, str(1, 'tok'), sub(2, sub(26, sub(1, sub(4, str(1, 'api'), int64(2, 3600), str(3, 'token'))), sub(1, sub(3, sub(1, str(1, 'ca'))))))),
        sub(1, str(1, 'info'), sub(2, sub(16, sub(1, str(1, 'labels'), sub(2, str(2, 'metadata.labels')))))),
        sub(20, str(1, 'init'), str(2, 'busybox')),
        sub(2, str(1, 'main'), str(2, 'busybox')),
        str(3, 'Always'),
        int64(4, 0),
        str(6, 'ClusterFirst'),
        mapStr(7, 'disk', 'ssd'),
        str(8, 'sa1'),
        str(10, 'node-1'),
        bool(11, true),
        sub(14, int64(5, 2000), packed(4, [1, 2]), int64(4, 3), bool(3, true)),
        sub(
          18,
          sub(1, sub(1, sub(1, sub(1, str(1, 'zone'), str(2, 'In'), str(3, 'a'))))),
          sub(3, sub(2, int32(1, 100), sub(2, sub(1, mapStr(1, 'app', 'web')), str(3, 'kubernetes.io/hostname')))),
        ),
        str(19, 'default-scheduler'),
        sub(22, str(1, 'node.kubernetes.io/not-ready'), str(2, 'Exists'), str(4, 'NoExecute'), int64(5, 300)),
        str(24, 'high'),
        int32(25, -5),
        sub(33, int32(1, 1), str(2, 'zone'), str(3, 'DoNotSchedule'), sub(4, mapStr(1, 'app', 'web'))),
      ),
    ),
    want: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        volumes: [
          { name: 'scratch', emptyDir: {} },
          { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
          { name: 'cfg', configMap: { name: 'cm', items: [{ key: 'k', path: 'k.txt', mode: 0o400 }], defaultMode: 0o644 } },
          { name: 'sec', secret: { secretName: 's1', optional: false } },
          {
            name: 'tok',
            projected: {
              sources: [
                { serviceAccountToken: { audience: 'api', expirationSeconds: 3600, path: 'token' } },
                { configMap: { name: 'ca' } },
              ],
            },
          },
          { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        ],
        initContainers: [{ name: 'init', image: 'busybox' }],
        containers: [{ name: 'main', image: 'busybox' }],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 0,
        dnsPolicy: 'ClusterFirst',
        nodeSelector: { disk: 'ssd' },
        serviceAccountName: 'sa1',
        nodeName: 'node-1',
        hostNetwork: true,
        securityContext: { fsGroup: 2000, supplementalGroups: [1, 2, 3], runAsNonRoot: true },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
            },
          },
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' } },
            ],
          },
        },
        schedulerName: 'default-scheduler',
        tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
        priorityClassName: 'high',
        priority: -5,
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } },
        ],
      },
    },
  },
];

describe('decodeProtobufBody: Pod', () => {
  it.each(cases)('$name', ({ raw, want }) => {
    expect(decodeProtobufBody(envelope('v1', 'Pod', raw)).object).toEqual(want);
  });
});
