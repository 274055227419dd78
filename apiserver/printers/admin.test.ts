import { describe, expect, it } from 'vitest';
import { toTable } from './table.js';
import {
  apiServicePrinter,
  customResourceDefinitionPrinter,
  flowSchemaPrinter,
  goLabelSelectorString,
  priorityLevelConfigurationPrinter,
  validatingAdmissionPolicyBindingPrinter,
  validatingAdmissionPolicyPrinter,
  webhookConfigurationPrinter,
} from './admin.js';

const now = new Date('2026-01-01T12:00:00Z');
const metadata = { name: 'x', creationTimestamp: '2026-01-01T11:55:00Z' };
const cols = (p: { columns: readonly { name: string }[] }): string[] => p.columns.map((c) => c.name);

describe('admin printers', () => {
  it('FlowSchema: the Dangling condition is MISSINGPL, "?" without one, <none> without a distinguisher', () => {
    expect(cols(flowSchemaPrinter)).toEqual(['Name', 'PriorityLevel', 'MatchingPrecedence', 'DistinguisherMethod', 'Age', 'MissingPL']);
    const fs = { metadata, spec: { priorityLevelConfiguration: { name: 'pl' }, matchingPrecedence: 800, distinguisherMethod: { type: 'ByUser' } }, status: { conditions: [{ type: 'Dangling', status: 'False' }] } };
    expect(flowSchemaPrinter.print(fs, { now }).cells).toEqual(['x', 'pl', 800, 'ByUser', '5m', 'False']);
    expect(flowSchemaPrinter.print({ metadata, spec: { priorityLevelConfiguration: { name: 'pl' }, matchingPrecedence: 1 } }, { now }).cells).toEqual(['x', 'pl', 1, '<none>', '5m', '?']);
  });

  it('FlowSchema lists come sorted by matching precedence, then name (printFlowSchemaList)', () => {
    const fs = (name: string, matchingPrecedence: number) => ({ metadata: { name }, spec: { matchingPrecedence, priorityLevelConfiguration: { name: 'p' } } });
    const t = toTable({ group: 'flowcontrol.apiserver.k8s.io', version: 'v1', kind: 'FlowSchema' }, [fs('catch-all', 10000), fs('kube-scheduler', 800), fs('exempt', 1), fs('kube-controller-manager', 800)], { now }, flowSchemaPrinter);
    expect(t.rows.map((r) => r.cells[0])).toEqual(['exempt', 'kube-controller-manager', 'kube-scheduler', 'catch-all']);
  });

  it('PriorityLevelConfiguration: <none> for exempt levels and for Reject', () => {
    expect(cols(priorityLevelConfigurationPrinter)).toEqual(['Name', 'Type', 'NominalConcurrencyShares', 'Queues', 'HandSize', 'QueueLengthLimit', 'Age']);
    expect(priorityLevelConfigurationPrinter.print({ metadata, spec: { type: 'Exempt', exempt: {} } }, { now }).cells).toEqual(['x', 'Exempt', '<none>', '<none>', '<none>', '<none>', '5m']);
    expect(priorityLevelConfigurationPrinter.print({ metadata, spec: { type: 'Limited', limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } } } }, { now }).cells).toEqual(['x', 'Limited', 5, '<none>', '<none>', '<none>', '5m']);
    const queued = { metadata, spec: { type: 'Limited', limited: { nominalConcurrencyShares: 30, limitResponse: { type: 'Queue', queuing: { queues: 64, handSize: 6, queueLengthLimit: 50 } } } } };
    expect(priorityLevelConfigurationPrinter.print(queued, { now }).cells).toEqual(['x', 'Limited', 30, 64, 6, 50, '5m']);
  });

  it('webhook configurations, policies and bindings', () => {
    expect(webhookConfigurationPrinter.print({ metadata, webhooks: [{}, {}] }, { now }).cells).toEqual(['x', 2, '5m']);
    expect(validatingAdmissionPolicyPrinter.print({ metadata, spec: { validations: [{}], paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } } }, { now }).cells).toEqual(['x', 1, 'v1/ConfigMap', '5m']);
    expect(validatingAdmissionPolicyPrinter.print({ metadata, spec: {} }, { now }).cells).toEqual(['x', 0, '<unset>', '5m']);
    const binding = (paramRef?: object) => validatingAdmissionPolicyBindingPrinter.print({ metadata, spec: { policyName: 'p', paramRef } }, { now }).cells;
    expect(binding()).toEqual(['x', 'p', '<unset>', '5m']);
    expect(binding({ name: 'cm', namespace: 'ns' })).toEqual(['x', 'p', 'ns/cm', '5m']);
    expect(binding({ name: 'cm' })).toEqual(['x', 'p', '*/cm', '5m']);
    expect(goLabelSelectorString({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['x', 'y'] }] })).toBe(
      '&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:In,Values:[x y],},},}',
    );
  });

  it('CRD: NAME CREATED AT; APIService: Local / service and Available', () => {
    expect(cols(customResourceDefinitionPrinter)).toEqual(['Name', 'Created At']);
    expect(customResourceDefinitionPrinter.print({ metadata }, { now }).cells).toEqual(['x', '2026-01-01T11:55:00Z']);
    expect(cols(apiServicePrinter)).toEqual(['Name', 'Service', 'Available', 'Age']);
    expect(apiServicePrinter.print({ metadata, spec: {}, status: { conditions: [{ type: 'Available', status: 'True', reason: 'Local' }] } }, { now }).cells).toEqual(['x', 'Local', 'True', '5m']);
    expect(apiServicePrinter.print({ metadata, spec: { service: { namespace: 'ns', name: 'api' } }, status: { conditions: [{ type: 'Available', status: 'False', reason: 'ServiceNotFound' }] } }, { now }).cells).toEqual(['x', 'ns/api', 'False (ServiceNotFound)', '5m']);
    expect(apiServicePrinter.print({ metadata, spec: { service: { namespace: 'ns', name: 'api' } } }, { now }).cells).toEqual(['x', 'ns/api', 'Unknown', '5m']);
  });
});
