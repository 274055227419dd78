// PodDisruptionBudget validation (pkg/apis/policy/validation) and its strategic merge of the selector.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import { applyPatch } from '../../patch/index.js';
import { validatePdb, validatePdbStatus } from './poddisruptionbudget.js';

const pdb = (spec: Obj): Obj => ({ metadata: { name: 'p', namespace: 'default' }, spec });
const percent = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

describe('PDB validation', () => {
  it.each<[string, Obj, string[]]>([
    ['minAvailable', { minAvailable: 1 }, []],
    ['a percentage', { maxUnavailable: '25%' }, []],
    ['both set', { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: { a: 'b' } } }, [
      'spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000010000), Selector:(*v1.LabelSelector)(0xc000010000), MaxUnavailable:(*intstr.IntOrString)(0xc000010000), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set',
    ]],
    ['negative', { minAvailable: -1 }, ['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0']],
    ['not a percentage', { maxUnavailable: 'half' }, [`spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"half"}: ${percent}`]],
    ['over 100%', { minAvailable: '101%' }, ['spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"101%"}: must not be greater than 100%']],
    ['an unknown eviction policy', { unhealthyPodEvictionPolicy: 'Never' }, ['spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"']],
  ])('%s', (_name, spec, want) => {
    expect(validatePdb(pdb(spec)).map((e) => `${e.field}: ${e.message}`)).toEqual(want);
  });

  it('replaces the selector whole on a strategic merge patch (patchStrategy=replace)', () => {
    const live = pdb({ minAvailable: 1, selector: { matchLabels: { a: 'b' } } });
    const out = applyPatch('application/strategic-merge-patch+json', live, { spec: { selector: { matchLabels: { c: 'd' } } } }, { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' });
    expect((out.spec as Obj).selector).toEqual({ matchLabels: { c: 'd' } });
    // Other structs still merge key by key.
    const labelled = applyPatch('application/strategic-merge-patch+json', live, { metadata: { labels: { x: 'y' } } }, { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' });
    expect((labelled.spec as Obj).selector).toEqual({ matchLabels: { a: 'b' } });
  });
});

describe('PDB status validation', () => {
  it('refuses negative counters', () => {
    const o = pdb({ minAvailable: 1 });
    o.status = { disruptionsAllowed: -1, currentHealthy: 0, desiredHealthy: 2, expectedPods: -3 };
    expect(validatePdbStatus(o).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0',
      'status.expectedPods: Invalid value: -3: must be greater than or equal to 0',
    ]);
  });
});
