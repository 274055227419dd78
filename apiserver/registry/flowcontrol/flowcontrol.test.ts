// FlowSchema and PriorityLevelConfiguration modules: defaults and validation messages of Kubernetes 1.32.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import { flowschemas } from './flowschema.js';
import { prioritylevelconfigurations } from './prioritylevelconfiguration.js';
import { mandatoryFlowSchemas, mandatoryPriorityLevels, suggestedFlowSchemas, suggestedPriorityLevels } from './bootstrap.js';

const msgs = (errs: { field: string; message: string }[]): string[] => errs.map((e) => `${e.field}: ${e.message}`);
const groupSubject = { kind: 'Group', group: { name: 'g' } };
const allRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] };
const fs = (name: string, spec: Obj): Obj => ({ metadata: { name }, spec: { priorityLevelConfiguration: { name: 'pl' }, matchingPrecedence: 500, rules: [{ subjects: [groupSubject], resourceRules: [allRule] }], ...spec } });

describe('FlowSchema', () => {
  it('defaults matchingPrecedence to 1000', () => {
    const o: Obj = { spec: { priorityLevelConfiguration: { name: 'pl' } } };
    flowschemas.defaults?.(o);
    expect((o.spec as Obj).matchingPrecedence).toBe(1000);
  });

  it.each<[string, Obj, string[]]>([
    ['a valid schema', fs('a', {}), []],
    ['precedence 1 for another name', fs('a', { matchingPrecedence: 1 }), ['spec.matchingPrecedence: Invalid value: 1: only the schema named \'exempt\' may have matchingPrecedence 1']],
    ['precedence too high', fs('a', { matchingPrecedence: 10001 }), ['spec.matchingPrecedence: Invalid value: 10001: must not be greater than 10000']],
    ['no priority level', fs('a', { priorityLevelConfiguration: {} }), ['spec.priorityLevelConfiguration.name: Required value: must reference a priority level']],
    ['unknown distinguisher', fs('a', { distinguisherMethod: { type: 'ByFoo' } }), ['spec.distinguisherMethod.type: Unsupported value: "ByFoo": supported values: "ByNamespace", "ByUser"']],
    ['rule without subjects', fs('a', { rules: [{ resourceRules: [allRule] }] }), ['spec.rules[0].subjects: Required value: subjects must contain at least one value']],
    ['rule without any rules', fs('a', { rules: [{ subjects: [groupSubject] }] }), ['spec.rules[0]: Required value: at least one of resourceRules and nonResourceRules has to be non-empty']],
    [
      'namespaced rule without namespaces',
      fs('a', { rules: [{ subjects: [groupSubject], resourceRules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] }] }),
      ['spec.rules[0].resourceRules[0].namespaces: Required value: resource rules that are not cluster scoped must supply at least one namespace'],
    ],
    ['user subject without user', fs('a', { rules: [{ subjects: [{ kind: 'User' }], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/x'] }] }] }), ["spec.rules[0].subjects[0].user: Required value: user is required when subject kind is 'User'"]],
    ['bad non-resource URL', fs('a', { rules: [{ subjects: [groupSubject], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['x'] }] }] }), ['spec.rules[0].nonResourceRules[0].nonResourceURLs[0]: Invalid value: "x": must start with slash']],
  ])('%s', (_n, o, want) => {
    expect(msgs(flowschemas.validate?.(o) ?? [])).toEqual(want);
  });
});

describe('PriorityLevelConfiguration', () => {
  it('defaults limited shares, lendable percent and queuing; exempt shares', () => {
    const o: Obj = { spec: { type: 'Limited', limited: { limitResponse: { type: 'Queue', queuing: {} } } } };
    prioritylevelconfigurations.defaults?.(o);
    expect(o.spec).toEqual({ type: 'Limited', limited: { nominalConcurrencyShares: 30, lendablePercent: 0, limitResponse: { type: 'Queue', queuing: { handSize: 8, queues: 64, queueLengthLimit: 50 } } } });
    const e: Obj = { spec: { type: 'Exempt', exempt: {} } };
    prioritylevelconfigurations.defaults?.(e);
    expect(e.spec).toEqual({ type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } });
  });

  const limited = (l: Obj): Obj => ({ metadata: { name: 'p' }, spec: { type: 'Limited', limited: { nominalConcurrencyShares: 30, limitResponse: { type: 'Reject' }, ...l } } });
  it.each<[string, Obj, string[]]>([
    ['a valid level', limited({}), []],
    ['Exempt type for another name', { metadata: { name: 'p' }, spec: { type: 'Exempt' } }, ['spec.type: Invalid value: "Exempt": type must be \'Exempt\' if and only if name is \'exempt\'']],
    ['Limited without limited', { metadata: { name: 'p' }, spec: { type: 'Limited' } }, ['spec.limited: Required value: must not be empty when type is Limited']],
    ['lendablePercent over 100', limited({ lendablePercent: 101 }), ['spec.limited.lendablePercent: Invalid value: 101: must be between 0 and 100, inclusive']],
    ['negative shares', limited({ nominalConcurrencyShares: -1 }), ['spec.limited.nominalConcurrencyShares: Invalid value: -1: must be a non-negative integer']],
    ['Queue without queuing', limited({ limitResponse: { type: 'Queue' } }), ['spec.limited.limitResponse.queuing: Required value: must not be empty if limited.limitResponse.type is Limited']],
    ['hand larger than queues', limited({ limitResponse: { type: 'Queue', queuing: { queues: 2, handSize: 3, queueLengthLimit: 5 } } }), ['spec.limited.limitResponse.queuing.handSize: Invalid value: 3: should not be greater than queues (2)']],
    ['too much entropy', limited({ limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 10, queueLengthLimit: 5 } } }), ['spec.limited.limitResponse.queuing.handSize: Invalid value: 10: required entropy bits of deckSize 128 and handSize 10 should not be greater than 60']],
  ])('%s', (_n, o, want) => {
    expect(msgs(prioritylevelconfigurations.validate?.(o) ?? [])).toEqual(want);
  });

  it('every bootstrap object is valid and already in its defaulted form', () => {
    for (const [mod, list] of [[prioritylevelconfigurations, [...mandatoryPriorityLevels, ...suggestedPriorityLevels]], [flowschemas, [...mandatoryFlowSchemas, ...suggestedFlowSchemas]]] as const)
      for (const b of list) {
        const o: Obj = { metadata: { name: b.name }, spec: structuredClone(b.spec) };
        mod.defaults?.(o);
        expect(o.spec, b.name).toEqual(b.spec);
        expect(msgs(mod.validate?.(o) ?? []), b.name).toEqual([]);
      }
  });
});
