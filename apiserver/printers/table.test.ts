import { describe, expect, it } from 'vitest';
import { groupResource, printerFor, resources, type ResourceInfo } from '../registry/resources.js';
import { parseIncludeObject, toTable as printTable, type TableOptions } from './index.js';
import { defaultPrinter } from './core.js';

/** Prints with the resource module's printer, as the server does. */
const toTable = (r: ResourceInfo, items: readonly object[], opts: TableOptions) => printTable(r, items, opts, printerFor(r));

const now = new Date('2026-01-01T12:00:00Z');

function info(plural: string, group = ''): ResourceInfo {
  const r = resources.find((x) => x.plural === plural && x.group === group);
  if (!r) throw new Error(`no resource ${group}/${plural}`);
  return r;
}

const custom: ResourceInfo = {
  group: 'example.com', version: 'v1', kind: 'Widget', listKind: 'WidgetList', plural: 'widgets', singular: 'widget',
  namespaced: true, verbs: ['get'], subresources: [], hasGeneration: false,
};

const created = '2026-01-01T11:58:00Z';

describe('simple resources', () => {
  it.each([
    ['namespaces', '', { metadata: { name: 'kube-system', creationTimestamp: created }, status: { phase: 'Active' } }, ['Name', 'Status', 'Age'], ['kube-system', 'Active', '2m']],
    ['namespaces', '', { metadata: { name: 'old', creationTimestamp: created, deletionTimestamp: created }, status: { phase: 'Terminating' } }, ['Name', 'Status', 'Age'], ['old', 'Terminating', '2m']],
    ['configmaps', '', { metadata: { name: 'cfg', creationTimestamp: created }, data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, ['Name', 'Data', 'Age'], ['cfg', 3, '2m']],
    ['configmaps', '', { metadata: { name: 'empty', creationTimestamp: created } }, ['Name', 'Data', 'Age'], ['empty', 0, '2m']],
    ['secrets', '', { metadata: { name: 'tls', creationTimestamp: created }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }, ['Name', 'Type', 'Data', 'Age'], ['tls', 'kubernetes.io/tls', 2, '2m']],
    ['serviceaccounts', '', { metadata: { name: 'default', creationTimestamp: created } }, ['Name', 'Secrets', 'Age'], ['default', 0, '2m']],
    ['serviceaccounts', '', { metadata: { name: 'ci', creationTimestamp: created }, secrets: [{ name: 'ci-token' }] }, ['Name', 'Secrets', 'Age'], ['ci', 1, '2m']],
    ['leases', 'coordination.k8s.io', { metadata: { name: 'node1', creationTimestamp: created }, spec: { holderIdentity: 'node1' } }, ['Name', 'Holder', 'Age'], ['node1', 'node1', '2m']],
    ['leases', 'coordination.k8s.io', { metadata: { name: 'free', creationTimestamp: created }, spec: {} }, ['Name', 'Holder', 'Age'], ['free', '', '2m']],
  ])('%s %#', (plural, group, obj, columns, cells) => {
    const t = toTable(info(plural, group), [obj], { now });
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(columns);
    expect(t.rows[0].cells).toEqual(cells);
  });

  it('falls back to NAME AGE for resources without a printer', () => {
    const t = toTable(custom, [{ metadata: { name: 'w', creationTimestamp: created } }], { now });
    expect(t.columnDefinitions.map((c) => [c.name, c.format])).toEqual([['Name', 'name'], ['Age', '']]);
    expect(t.rows[0].cells).toEqual(['w', '2m']);
  });

  it('every catalogued resource has a dedicated printer whose rows fit its columns', () => {
    // Create-only kinds (reviews) are never listed, so never printed.
    for (const r of resources.filter((x) => x.verbs.includes('list'))) {
      const p = printerFor(r);
      expect(p, groupResource(r)).not.toBe(defaultPrinter);
      expect(p.columns.length, groupResource(r)).toBeGreaterThanOrEqual(2);
      expect(p.print({ metadata: { name: 'x' } }, { now }).cells, groupResource(r)).toHaveLength(p.columns.length);
      for (const c of p.columns) expect(c.description, `${groupResource(r)} ${c.name}`).not.toBe('');
    }
    expect(groupResource(info('deployments', 'apps'))).toBe('deployments.apps');
    expect(groupResource(info('pods'))).toBe('pods');
  });
});

describe('toTable', () => {
  const pod = {
    metadata: { name: 'web-0', namespace: 'default', uid: 'u-1', resourceVersion: '1003', creationTimestamp: '2026-01-01T11:55:00Z', labels: { app: 'web' } },
    spec: { nodeName: 'node1', containers: [{ name: 'c' }] },
    status: { phase: 'Running', podIP: '10.0.0.5', containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }] },
  };

  it('produces the wire shape kubectl prints, with PartialObjectMetadata rows by default', () => {
    const t = toTable(info('pods'), [pod], { now, listMeta: { resourceVersion: '1018' } });
    expect(t).toEqual({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '1018' },
      columnDefinitions: expect.any(Array),
      rows: [
        {
          cells: ['web-0', '1/1', 'Running', '0', '5m', '10.0.0.5', 'node1', '<none>', '<none>'],
          object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata },
        },
      ],
    });
    expect(t.columnDefinitions[0]).toEqual({
      name: 'Name', type: 'string', format: 'name', description: expect.stringContaining('Name must be unique'), priority: 0,
    });
    // JSON round trip keeps every column field, including empty format and zero priority
    const wire = JSON.parse(JSON.stringify(t)) as { columnDefinitions: object[] };
    expect(Object.keys(wire.columnDefinitions[1]).sort()).toEqual(['description', 'format', 'name', 'priority', 'type']);
  });

  it('includeObject=Object carries the full object with kind and apiVersion filled in', () => {
    const t = toTable(info('deployments', 'apps'), [{ metadata: { name: 'd' }, spec: { replicas: 1 } }], { now, includeObject: 'Object' });
    expect(t.rows[0].object).toEqual({ kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'd' }, spec: { replicas: 1 } });
    const t2 = toTable(info('pods'), [{ ...pod, kind: 'Pod', apiVersion: 'v1' }], { now, includeObject: 'Object' });
    expect(t2.rows[0].object).toMatchObject({ kind: 'Pod', apiVersion: 'v1', status: { phase: 'Running' } });
  });

  it('includeObject=None leaves rows without objects', () => {
    const t = toTable(info('pods'), [pod], { now, includeObject: 'None' });
    expect(t.rows[0]).not.toHaveProperty('object');
  });

  it('the row object is a copy: editing it leaves the stored object alone', () => {
    const t = toTable(info('pods'), [pod], { now });
    (t.rows[0].object as { metadata: Record<string, unknown> }).metadata.name = 'changed';
    expect(pod.metadata.name).toBe('web-0');
  });

  it('noHeaders drops column definitions but keeps rows', () => {
    const t = toTable(info('pods'), [pod], { now, noHeaders: true });
    expect(t.columnDefinitions).toEqual([]);
    expect(t.rows).toHaveLength(1);
  });

  it('copies list metadata (continue, remainingItemCount) and omits what is unset', () => {
    expect(toTable(info('pods'), [], { now, listMeta: { resourceVersion: '5', continue: 'abc', remainingItemCount: 3 } }).metadata).toEqual({
      resourceVersion: '5', continue: 'abc', remainingItemCount: 3,
    });
    expect(toTable(info('pods'), [], { now }).metadata).toEqual({});
    expect(toTable(info('pods'), [], { now, listMeta: { resourceVersion: '', continue: '' } }).metadata).toEqual({});
  });

  it('keeps row conditions for finished pods', () => {
    const t = toTable(info('pods'), [{ ...pod, status: { phase: 'Succeeded' } }], { now });
    expect(t.rows[0].conditions?.[0]).toMatchObject({ type: 'Completed', status: 'True', reason: 'Succeeded' });
  });

  it.each([
    [undefined, 'Metadata'],
    ['', 'Metadata'],
    ['None', 'None'],
    ['Metadata', 'Metadata'],
    ['Object', 'Object'],
    ['object', undefined],
  ])('parseIncludeObject(%j) = %j', (v, want) => {
    expect(parseIncludeObject(v)).toBe(want);
  });
});
