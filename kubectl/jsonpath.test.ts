import { describe, expect, it } from 'vitest';
import { execute } from './jsonpath.js';

const list = { items: [
  { metadata: { name: 'a', labels: { app: 'x' } }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
  { metadata: { name: 'b' }, status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } },
] };

describe('jsonpath', () => {
  it.each([
    ['{.items[*].metadata.name}', 'a b'],
    ['{.items[0].status.phase}', 'Running'],
    ['{.items[-1].metadata.name}', 'b'],
    ['{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}', 'a\tRunning\nb\tPending\n'],
    ['{.items[?(@.status.phase=="Pending")].metadata.name}', 'b'],
    ['{.items[0].status.conditions[?(@.type=="Ready")].status}', 'True'],
    ['{..name}', 'a b'],
    ['{.items[0].metadata.labels}', '{"app":"x"}'],
    ['names: {.items[0:1].metadata.name}', 'names: a'],
    ['{.items[0].metadata.name,.items[1].metadata.name}', 'a b'],
    ['{.missing}', ''],
  ])('%s', (t, want) => {
    expect(execute(t, list)).toBe(want);
  });
});
