import { describe, expect, it } from 'vitest';
import { expandCategory, kindGroup, resolve, resourceGroup, resourcePath, type ApiResource } from './discovery.js';
import { CliError } from './io.js';

const r = (group: string, resource: string, kind: string, shortNames: string[], namespaced = true): ApiResource => ({
  group, version: group ? 'v1' : 'v1', resource, kind, singular: kind.toLowerCase(), shortNames, namespaced, verbs: [], categories: resource === 'pods' || resource === 'deployments' ? ['all'] : [],
});
const RESOURCES = [r('', 'pods', 'Pod', ['po']), r('', 'nodes', 'Node', ['no'], false), r('apps', 'deployments', 'Deployment', ['deploy']), r('', 'events', 'Event', ['ev']), r('events.k8s.io', 'events', 'Event', ['ev'])];

describe('resolve', () => {
  it.each([
    ['plural', 'pods', 'pods', ''],
    ['singular', 'pod', 'pods', ''],
    ['short name', 'deploy', 'deployments', 'apps'],
    ['kind, any case', 'Deployment', 'deployments', 'apps'],
    ['resource.group', 'deployments.apps', 'deployments', 'apps'],
    ['short.group', 'deploy.apps', 'deployments', 'apps'],
    ['the first group in discovery order wins (core is listed first)', 'events', 'events', ''],
    ['an explicit group picks the other', 'events.events.k8s.io', 'events', 'events.k8s.io'],
  ])('%s', (_n, typed, resource, group) => {
    const hit = resolve(RESOURCES, typed);
    expect([hit.resource, hit.group]).toEqual([resource, group]);
  });

  it('reports an unknown type like kubectl', () => {
    expect(() => resolve(RESOURCES, 'foos')).toThrow(new CliError('error: the server doesn\'t have a resource type "foos"'));
  });
});

describe('expandCategory', () => {
  it('lists the category members in discovery order', () => {
    expect(expandCategory(RESOURCES, 'all').map((x) => x.resource)).toEqual(['pods', 'deployments']);
    expect(expandCategory(RESOURCES, 'pods')).toEqual([]);
  });
});

describe('names and paths', () => {
  it.each([
    [RESOURCES[0], 'pod', 'pods', '/api/v1/namespaces/ns/pods/x'],
    [RESOURCES[1], 'node', 'nodes', '/api/v1/nodes/x'],
    [RESOURCES[2], 'deployment.apps', 'deployments.apps', '/apis/apps/v1/namespaces/ns/deployments/x'],
  ])('%#', (res, kg, rg, path) => {
    expect(kindGroup(res)).toBe(kg);
    expect(resourceGroup(res)).toBe(rg);
    expect(resourcePath(res, 'ns', 'x')).toBe(path);
  });
});
