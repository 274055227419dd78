// Pod defaults against Kubernetes 1.32's SetDefaults_* (pkg/apis/core/v1/defaults.go): one case per rule,
// the expected values written from Kubernetes, not from our output.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import { defaultPodOnly, defaultPodSpec, imageTag } from './poddefaults.js';

const c = (extra: Obj = {}): Obj => ({ name: 'c', image: 'nginx:1.27', ...extra });
const spec = (extra: Obj = {}): Obj => ({ containers: [c()], ...extra });

function at(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v === undefined || v === null ? undefined : (v as Record<string, unknown>)[k]), o);
}

describe('defaultPodSpec (SetDefaults_PodSpec and below)', () => {
  it.each<[string, Obj, string, unknown]>([
    ['dnsPolicy ClusterFirst', spec(), 'dnsPolicy', 'ClusterFirst'],
    ['restartPolicy Always', spec(), 'restartPolicy', 'Always'],
    ['securityContext {}', spec(), 'securityContext', {}],
    ['terminationGracePeriodSeconds 30', spec(), 'terminationGracePeriodSeconds', 30],
    ['schedulerName default-scheduler', spec(), 'schedulerName', 'default-scheduler'],
    ['set values are kept', spec({ dnsPolicy: 'Default', restartPolicy: 'Never' }), 'dnsPolicy', 'Default'],
    ['imagePullPolicy IfNotPresent for a tag', spec(), 'containers.0.imagePullPolicy', 'IfNotPresent'],
    ['imagePullPolicy Always for no tag', spec({ containers: [c({ image: 'nginx' })] }), 'containers.0.imagePullPolicy', 'Always'],
    ['imagePullPolicy Always for :latest', spec({ containers: [c({ image: 'r:5000/nginx:latest' })] }), 'containers.0.imagePullPolicy', 'Always'],
    ['imagePullPolicy IfNotPresent for a digest', spec({ containers: [c({ image: 'nginx@sha256:abc' })] }), 'containers.0.imagePullPolicy', 'IfNotPresent'],
    ['imagePullPolicy Always for :latest with a digest', spec({ containers: [c({ image: 'nginx:latest@sha256:abc' })] }), 'containers.0.imagePullPolicy', 'Always'],
    ['imagePullPolicy kept', spec({ containers: [c({ image: 'nginx', imagePullPolicy: 'Never' })] }), 'containers.0.imagePullPolicy', 'Never'],
    ['terminationMessagePath', spec(), 'containers.0.terminationMessagePath', '/dev/termination-log'],
    ['terminationMessagePolicy File', spec(), 'containers.0.terminationMessagePolicy', 'File'],
    ['resources {} (a struct, always serialised)', spec(), 'containers.0.resources', {}],
    ['container port protocol TCP', spec({ containers: [c({ ports: [{ containerPort: 80 }] })] }), 'containers.0.ports.0.protocol', 'TCP'],
    ['env fieldRef apiVersion v1', spec({ containers: [c({ env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] })] }), 'containers.0.env.0.valueFrom.fieldRef.apiVersion', 'v1'],
    ['probe timings', spec({ containers: [c({ livenessProbe: { exec: { command: ['true'] } } })] }), 'containers.0.livenessProbe', { exec: { command: ['true'] }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 }],
    ['probe httpGet path / and scheme HTTP', spec({ containers: [c({ readinessProbe: { httpGet: { port: 80 } } })] }), 'containers.0.readinessProbe.httpGet', { port: 80, path: '/', scheme: 'HTTP' }],
    ['probe grpc service ""', spec({ containers: [c({ startupProbe: { grpc: { port: 9000 } } })] }), 'containers.0.startupProbe.grpc', { port: 9000, service: '' }],
    ['lifecycle httpGet path and scheme', spec({ containers: [c({ lifecycle: { preStop: { httpGet: { port: 80 } } } })] }), 'containers.0.lifecycle.preStop.httpGet', { port: 80, path: '/', scheme: 'HTTP' }],
    ['init containers as containers', spec({ initContainers: [c({ name: 'i', image: 'busybox' })] }), 'initContainers.0.imagePullPolicy', 'Always'],
    ['ephemeral containers as containers', spec({ ephemeralContainers: [c({ name: 'e', image: 'busybox:1' })] }), 'ephemeralContainers.0.terminationMessagePolicy', 'File'],
    ['volume with no source → emptyDir {}', spec({ volumes: [{ name: 'v' }] }), 'volumes.0', { name: 'v', emptyDir: {} }],
    ['volume with a source keeps it', spec({ volumes: [{ name: 'v', nfs: { server: 's', path: '/' } }] }), 'volumes.0', { name: 'v', nfs: { server: 's', path: '/' } }],
    ['configMap defaultMode 420', spec({ volumes: [{ name: 'v', configMap: { name: 'cm' } }] }), 'volumes.0.configMap.defaultMode', 420],
    ['secret defaultMode 420', spec({ volumes: [{ name: 'v', secret: { secretName: 's' } }] }), 'volumes.0.secret.defaultMode', 420],
    ['downwardAPI defaultMode 420 and item fieldRef apiVersion', spec({ volumes: [{ name: 'v', downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } }] }), 'volumes.0.downwardAPI', { defaultMode: 420, items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } }] }],
    ['projected defaultMode, token expiry 3600, downwardAPI fieldRef', spec({ volumes: [{ name: 'v', projected: { sources: [{ serviceAccountToken: { path: 't' } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } }] } }] }), 'volumes.0.projected', { defaultMode: 420, sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } }] } }] }],
    ['hostPath type ""', spec({ volumes: [{ name: 'v', hostPath: { path: '/x' } }] }), 'volumes.0.hostPath.type', ''],
    ['no requests from limits in templates', spec({ containers: [c({ resources: { limits: { cpu: '1' } } })] }), 'containers.0.resources', { limits: { cpu: '1' } }],
    ['no enableServiceLinks in templates', spec(), 'enableServiceLinks', undefined],
  ])('%s', (_name, input, path, want) => {
    defaultPodSpec(input);
    expect(at(input, path)).toEqual(want);
  });
});

describe('defaultPodOnly (SetDefaults_Pod)', () => {
  it.each<[string, Obj, string, unknown]>([
    ['requests copied from limits', spec({ containers: [c({ resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } })] }), 'containers.0.resources.requests', { cpu: '500m', memory: '1Gi' }],
    ['init container requests copied from limits', spec({ initContainers: [c({ resources: { limits: { cpu: '1' } } })] }), 'initContainers.0.resources.requests', { cpu: '1' }],
    ['enableServiceLinks true', spec(), 'enableServiceLinks', true],
    ['hostNetwork: hostPort = containerPort', spec({ hostNetwork: true, containers: [c({ ports: [{ containerPort: 8080 }] })] }), 'containers.0.ports.0.hostPort', 8080],
    ['no hostPort without hostNetwork', spec({ containers: [c({ ports: [{ containerPort: 8080 }] })] }), 'containers.0.ports.0.hostPort', undefined],
  ])('%s', (_name, input, path, want) => {
    defaultPodOnly(input);
    expect(at(input, path)).toEqual(want);
  });
});

describe('imageTag (ParseImageName)', () => {
  it.each([
    ['nginx', 'latest'], ['nginx:1.2', '1.2'], ['localhost:5000/nginx', 'latest'], ['localhost:5000/nginx:v1', 'v1'],
    ['nginx@sha256:abc', ''], ['nginx:v2@sha256:abc', 'v2'], ['', ''],
  ])('%s → %s', (image, tag) => expect(imageTag(image)).toBe(tag));
});
