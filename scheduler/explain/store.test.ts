import { describe, expect, it } from 'vitest';
import { compact } from './compact.js';
import { ExplainStore } from './store.js';
import type { Attempt } from './types.js';

const attempt = (pod: string, cycle: number, filtered: Attempt['filtered'] = []): Attempt => ({
  pod, schedulerName: 'default-scheduler', cycle, attempt: 1, time: '', durationMs: 0, result: 'Unschedulable',
  numNodes: 1, evaluatedNodes: 1, feasibleNodes: 0, filtered, scores: [],
});

describe('ExplainStore', () => {
  it('keeps the most recent attempts only, oldest first per pod', () => {
    const s = new ExplainStore(3);
    s.record(attempt('ns/a', 1));
    s.record(attempt('ns/b', 2));
    s.record(attempt('ns/a', 3));
    s.record(attempt('ns/a', 4));
    expect(s.forPod('ns', 'a').map((a) => a.cycle)).toEqual([3, 4]);
    expect(s.forPod('ns', 'b').map((a) => a.cycle)).toEqual([2]);
    s.record(attempt('ns/c', 5));
    expect(s.forPod('ns', 'b')).toEqual([]);
    expect(s.size()).toBe(3);
  });
});

describe('compact', () => {
  it('sorts nodes, caps the list and counts the rest', () => {
    const filtered = ['c', 'a', 'b'].map((node) => ({ node, plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] }));
    const c = compact({ ...attempt('ns/a', 1, filtered), message: 'm' }, 2);
    expect(c).toEqual({ result: 'Unschedulable', message: 'm', nodes: { a: 'NodeResourcesFit: Insufficient cpu', b: 'NodeResourcesFit: Insufficient cpu' }, more: 1 });
  });
});
