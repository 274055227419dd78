// APIService module: kube-aggregator's validation messages and the Local availability.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import { apiservices } from './apiservice.js';

const msgs = (errs: { field: string; message: string }[]): string[] => errs.map((e) => `${e.field}: ${e.message}`);
const svc = (spec: Obj, name = 'v1.wardle.example.com'): Obj => ({ metadata: { name }, spec: { group: 'wardle.example.com', version: 'v1', groupPriorityMinimum: 1000, versionPriority: 15, ...spec } });

describe('APIService', () => {
  it.each<[string, Obj, string[]]>([
    ['a local service', svc({}), []],
    ['a service-backed one', svc({ service: { namespace: 'w', name: 'api', port: 443 }, caBundle: 'Y2E=' }), []],
    ['wrong name', svc({}, 'v2.wardle.example.com'), ['metadata.name: Invalid value: "v2.wardle.example.com": must be `spec.version+"."+spec.group`: "v1.wardle.example.com"']],
    ['group priority out of range', svc({ groupPriorityMinimum: 30000 }), ['spec.groupPriorityMinimum: Invalid value: 30000: must be positive and less than 20000']],
    ['version priority zero', svc({ versionPriority: 0 }), ['spec.versionPriority: Invalid value: 0: must be positive and less than 1000']],
    ['local with insecureSkipTLSVerify', svc({ insecureSkipTLSVerify: true }), ['spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify']],
    ['local with a caBundle', svc({ caBundle: 'Y2E=' }), ['spec.caBundle: Invalid value: "2 bytes": local APIServices may not have a caBundle']],
    ['insecure and caBundle', svc({ service: { namespace: 'w', name: 'api', port: 443 }, caBundle: 'Y2E=', insecureSkipTLSVerify: true }), ['spec.insecureSkipTLSVerify: Invalid value: true: may not be true if caBundle is present']],
    ['service without namespace', svc({ service: { name: 'api', port: 443 } }), ['spec.service.namespace: Required value']],
    ['empty group for a non-v1 version', svc({ group: '', version: 'v2' }, 'v2.'), ['spec.group: Required value: only v1 may have an empty group and it better be legacy kube']],
  ])('%s', (_n, o, want) => {
    expect(msgs(apiservices.validate?.(o) ?? [])).toEqual(want);
  });

  it('a Local APIService is created Available; a service-backed one with no status', () => {
    const local = svc({});
    apiservices.prepareForCreate?.(local);
    expect((local.status as Obj).conditions).toMatchObject([{ type: 'Available', status: 'True', reason: 'Local', message: 'Local APIServices are always available' }]);
    const remote = svc({ service: { namespace: 'w', name: 'api' } });
    apiservices.defaults?.(remote);
    apiservices.prepareForCreate?.(remote);
    expect(remote.status).toEqual({});
    expect(((remote.spec as Obj).service as Obj).port).toBe(443);
  });
});
