// Field selectors of the served kinds: the labels each resource module declares (its GetAttrs), as
// the real API server supports them.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors.js';
import { escapeValue, fieldMatcher, parseFieldSelector, selectableFields, supportedFields, type FieldLabels } from '../../apimachinery/fields.js';
import { fieldLabelsFor, resources } from './resources.js';

/** The field labels of the resource serving `kind` (`group/kind` where kinds repeat across groups: core's Event is `Event`). */
function labelsOf(kind: string): FieldLabels {
  const [group, k] = kind.includes('/') ? kind.split('/') : [undefined, kind];
  const info = resources.find((r) => r.kind === k && (group === undefined ? !r.storageVersion : r.group === group));
  if (!info) throw new Error(`no resource for ${kind}`);
  return fieldLabelsFor(info);
}

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return (e as ApiError).message;
  }
  throw new Error('expected a BadRequest');
}

const pod = {
  metadata: { name: 'web-0', namespace: 'default' },
  spec: { nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default', hostNetwork: true },
  status: { phase: 'Running', podIP: '10.0.0.9', podIPs: [{ ip: '10.0.0.5' }], nominatedNodeName: 'n2' },
};
const event = {
  metadata: { name: 'e1', namespace: 'default' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'u1', apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{c}' },
  reason: 'Pulled',
  reportingComponent: 'kubelet',
  type: 'Normal',
};

describe('selectable fields per kind', () => {
  it.each([
    ['Pod', pod, 'metadata.name', 'web-0'],
    ['Pod', pod, 'metadata.namespace', 'default'],
    ['Pod', pod, 'spec.nodeName', 'n1'],
    ['Pod', pod, 'spec.restartPolicy', 'Always'],
    ['Pod', pod, 'spec.schedulerName', 'default-scheduler'],
    ['Pod', pod, 'spec.serviceAccountName', 'default'],
    ['Pod', pod, 'spec.hostNetwork', 'true'],
    ['Pod', { spec: {} }, 'spec.hostNetwork', 'false'],
    ['Pod', pod, 'status.phase', 'Running'],
    ['Pod', pod, 'status.podIP', '10.0.0.5'],
    ['Pod', { status: { podIP: '10.0.0.9' } }, 'status.podIP', '10.0.0.9'],
    ['Pod', pod, 'status.nominatedNodeName', 'n2'],
    ['Pod', {}, 'spec.nodeName', ''],
    ['Event', event, 'involvedObject.kind', 'Pod'],
    ['Event', event, 'involvedObject.namespace', 'default'],
    ['Event', event, 'involvedObject.name', 'web-0'],
    ['Event', event, 'involvedObject.uid', 'u1'],
    ['Event', event, 'involvedObject.apiVersion', 'v1'],
    ['Event', event, 'involvedObject.resourceVersion', '7'],
    ['Event', event, 'involvedObject.fieldPath', 'spec.containers{c}'],
    ['Event', event, 'reason', 'Pulled'],
    ['Event', event, 'reportingComponent', 'kubelet'],
    ['Event', event, 'source', 'kubelet'],
    ['Event', { ...event, source: { component: 'scheduler' } }, 'source', 'scheduler'],
    ['Event', event, 'type', 'Normal'],
    ['Node', { spec: { unschedulable: true } }, 'spec.unschedulable', 'true'],
    ['Node', { spec: {} }, 'spec.unschedulable', 'false'],
    ['Secret', { type: 'Opaque' }, 'type', 'Opaque'],
    ['Namespace', { status: { phase: 'Terminating' } }, 'status.phase', 'Terminating'],
    ['ReplicaSet', { status: { replicas: 3 } }, 'status.replicas', '3'],
    ['ReplicaSet', {}, 'status.replicas', '0'],
    ['Service', { spec: { clusterIP: '10.96.0.1', type: 'ClusterIP' } }, 'spec.clusterIP', '10.96.0.1'],
    ['Service', { spec: { clusterIP: '10.96.0.1', type: 'ClusterIP' } }, 'spec.type', 'ClusterIP'],
    ['ConfigMap', { metadata: { name: 'c' } }, 'metadata.name', 'c'],
  ])('%s %s', (kind, o, field, value) => {
    expect(selectableFields(labelsOf(kind), o)[field]).toBe(value);
    expect(fieldMatcher(labelsOf(kind), parseFieldSelector(`${field}=${escapeValue(value)}`))(o)).toBe(true);
    expect(fieldMatcher(labelsOf(kind), parseFieldSelector(`${field}!=${escapeValue(value)}`))(o)).toBe(false);
  });

  it('ANDs requirements', () => {
    const m = fieldMatcher(labelsOf('Pod'), parseFieldSelector('spec.nodeName=n1,status.phase!=Succeeded'));
    expect(m(pod)).toBe(true);
    expect(m({ ...pod, status: { phase: 'Succeeded' } })).toBe(false);
    expect(m({ ...pod, spec: { nodeName: 'n2' } })).toBe(false);
  });

  it.each([
    ['Pod', 'spec.foo=bar', 'field label not supported: spec.foo'],
    ['ConfigMap', 'status.phase=Running', 'field label not supported: status.phase'],
    ['Deployment', 'spec.replicas=1', 'field label not supported: spec.replicas'],
    ['Node', 'spec.nodeName=x', 'field label not supported: spec.nodeName'],
  ])('%s rejects %s', (kind, s, msg) => {
    expect(badRequest(() => fieldMatcher(labelsOf(kind), parseFieldSelector(s)))).toBe(msg);
  });

  it('lists supported fields', () => {
    expect(supportedFields(labelsOf('ConfigMap'))).toEqual(['metadata.name', 'metadata.namespace']);
    expect(supportedFields(labelsOf('Secret'))).toEqual(['metadata.name', 'metadata.namespace', 'type']);
  });
});
