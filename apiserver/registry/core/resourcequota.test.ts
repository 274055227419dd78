// ResourceQuotas and LimitRanges: resource names, amounts and the limit ordering rules, with Kubernetes' messages.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import { limitranges } from './limitrange.js';
import { resourcequotas } from './resourcequota.js';

const messages = (errs: { field: string; message: string }[]) => errs.map((e) => `${e.field}: ${e.message}`);

describe('ResourceQuota', () => {
  it.each<[string, Obj, string[]]>([
    ['standard names', { pods: '10', 'requests.cpu': '1', 'limits.memory': '1Gi', 'count/deployments.apps': '2', 'gold.storageclass.storage.k8s.io/requests.storage': '5Gi' }, []],
    ['an unknown name', { foo: '1' }, ['spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified', 'spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota']],
    ['storage is not a quota resource', { storage: '1Gi' }, ['spec.hard[storage]: Invalid value: "storage": must be a standard resource for quota']],
    ['a negative amount', { 'requests.cpu': '-1' }, ['spec.hard[requests.cpu]: Invalid value: "-1": must be greater than or equal to 0']],
    ['a fractional count', { pods: '500m' }, ['spec.hard[pods]: Invalid value: resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"}: must be an integer']],
  ])('validation: %s', (_n, hard, want) => {
    expect(messages(resourcequotas.validate!({ metadata: { name: 'q' }, spec: { hard } }))).toEqual(want);
  });

  it.each<[string, Obj, string[]]>([
    ['BestEffort on pods', { hard: { pods: '1' }, scopes: ['BestEffort'] }, []],
    ['NotTerminating on compute', { hard: { 'requests.cpu': '1', pods: '2' }, scopes: ['NotTerminating'] }, []],
    ['an unknown scope', { hard: { pods: '1' }, scopes: ['Sometimes'] }, ['spec.scopes: Invalid value: []core.ResourceQuotaScope{"Sometimes"}: unsupported scope']],
    ['BestEffort on cpu', { hard: { pods: '1', 'requests.cpu': '1' }, scopes: ['BestEffort'] },
      ['spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: unsupported scope applied to resource']],
    ['conflicting scopes', { hard: { pods: '1' }, scopes: ['Terminating', 'NotTerminating'] },
      ['spec.scopes: Invalid value: []core.ResourceQuotaScope{"Terminating", "NotTerminating"}: conflicting scopes']],
  ])('scopes: %s', (_n, spec, want) => {
    expect(messages(resourcequotas.validate!({ metadata: { name: 'q' }, spec }))).toEqual(want);
  });

  it('resets status on create', () => {
    const o: Obj = { spec: { hard: { pods: '1' } }, status: { used: { pods: '5' } } };
    resourcequotas.prepareForCreate!(o);
    expect(o.status).toEqual({});
  });
});

describe('LimitRange', () => {
  const lr = (limit: Obj): Obj => ({ metadata: { name: 'l' }, spec: { limits: [limit] } });

  it('defaults a container limit from max, and its request from default then min', () => {
    const o = lr({ type: 'Container', max: { memory: '1Gi' }, min: { cpu: '100m' } });
    limitranges.defaults!(o);
    expect((o.spec as { limits: Obj[] }).limits[0]).toEqual({
      type: 'Container', max: { memory: '1Gi' }, min: { cpu: '100m' }, default: { memory: '1Gi' }, defaultRequest: { memory: '1Gi', cpu: '100m' },
    });
    const pod = lr({ type: 'Pod', max: { memory: '1Gi' } });
    limitranges.defaults!(pod);
    expect((pod.spec as { limits: Obj[] }).limits[0]).toEqual({ type: 'Pod', max: { memory: '1Gi' } });
  });

  it.each<[string, Obj, string[]]>([
    ['ordered', { type: 'Container', min: { cpu: '100m' }, defaultRequest: { cpu: '200m' }, default: { cpu: '500m' }, max: { cpu: '1' } }, []],
    ['min above max', { type: 'Container', min: { memory: '2Gi' }, max: { memory: '1Gi' } }, ['spec.limits[0].min[memory]: Invalid value: resource.Quantity{i:resource.int64Amount{value:2147483648, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"2Gi", Format:"BinarySI"}: min value 2Gi is greater than max value 1Gi']],
    ['default above max', { type: 'Container', default: { cpu: '2' }, max: { cpu: '1' } }, ['spec.limits[0].default[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:1, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1", Format:"DecimalSI"}: default value 2 is greater than max value 1']],
    ['request above limit', { type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '2' } }, ['spec.limits[0].defaultRequest[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:2, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"2", Format:"DecimalSI"}: default request value 2 is greater than default limit value 1']],
    ['min above default request', { type: 'Container', min: { cpu: '1' }, defaultRequest: { cpu: '500m' } }, ['spec.limits[0].defaultRequest[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"}: min value 1 is greater than default request value 500m']],
    ['defaults on a Pod limit', { type: 'Pod', default: { cpu: '1' } }, ["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]],
    ['a negative amount', { type: 'Container', max: { cpu: '-1' } }, ['spec.limits[0].max[cpu]: Invalid value: "-1": must be greater than or equal to 0']],
  ])('validation: %s', (_n, limit, want) => {
    expect(messages(limitranges.validate!(lr(limit)))).toEqual(want);
  });
});
