import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import {
  escapeValue,
  exactMatch,
  fieldMatcher,
  fieldSelectorString,
  parseFieldSelector,
  selectableFields,
  supportedFields,
} from './fields.js';

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(400);
    expect((e as ApiError).reason).toBe('BadRequest');
    return (e as ApiError).message;
  }
  throw new Error('expected a BadRequest');
}

describe('parseFieldSelector', () => {
  it.each([
    ['', []],
    ['metadata.name=web', [{ field: 'metadata.name', operator: '=', value: 'web' }]],
    ['metadata.name==web', [{ field: 'metadata.name', operator: '=', value: 'web' }]],
    ['status.phase!=Running', [{ field: 'status.phase', operator: '!=', value: 'Running' }]],
    ['spec.nodeName=', [{ field: 'spec.nodeName', operator: '=', value: '' }]],
    [
      'status.phase=Running,spec.nodeName=n1',
      [
        { field: 'spec.nodeName', operator: '=', value: 'n1' },
        { field: 'status.phase', operator: '=', value: 'Running' },
      ],
    ],
    ['a=x\\,y\\=z\\\\', [{ field: 'a', operator: '=', value: 'x,y=z\\' }]],
    [',a=b,', [{ field: 'a', operator: '=', value: 'b' }]],
  ])('%j', (s, want) => {
    expect(parseFieldSelector(s).requirements).toEqual(want);
  });

  it.each([
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('rejects %j with Kubernetes message', (s, msg) => {
    expect(badRequest(() => parseFieldSelector(s))).toBe(msg);
  });

  it('prints and escapes canonically, and finds exact matches', () => {
    const sel = parseFieldSelector('metadata.name=a\\,b,status.phase!=Failed');
    expect(fieldSelectorString(sel)).toBe('metadata.name=a\\,b,status.phase!=Failed');
    expect(exactMatch(sel, 'metadata.name')).toBe('a,b');
    expect(exactMatch(sel, 'status.phase')).toBeUndefined();
    expect(escapeValue('a=b,c\\')).toBe('a\\=b\\,c\\\\');
  });
});

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
    expect(selectableFields(kind, o)[field]).toBe(value);
    expect(fieldMatcher(kind, parseFieldSelector(`${field}=${escapeValue(value)}`))(o)).toBe(true);
    expect(fieldMatcher(kind, parseFieldSelector(`${field}!=${escapeValue(value)}`))(o)).toBe(false);
  });

  it('ANDs requirements', () => {
    const m = fieldMatcher('Pod', parseFieldSelector('spec.nodeName=n1,status.phase!=Succeeded'));
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
    expect(badRequest(() => fieldMatcher(kind, parseFieldSelector(s)))).toBe(msg);
  });

  it('lists supported fields', () => {
    expect(supportedFields('ConfigMap')).toEqual(['metadata.name', 'metadata.namespace']);
    expect(supportedFields('Secret')).toEqual(['metadata.name', 'metadata.namespace', 'type']);
  });
});
