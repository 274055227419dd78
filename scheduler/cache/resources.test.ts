import { describe, expect, it } from 'vitest';
import { container, makePod } from '../testing/builders.js';
import { podRequests } from './resources.js';

const sidecar = (name: string, req: Record<string, string>) => container(name, req, { restartPolicy: 'Always' });

describe('podRequests', () => {
  it.each([
    { name: 'sums app containers', pod: makePod('p', { containers: [container('a', { cpu: '1', memory: '1Gi' }), container('b', { cpu: '500m', memory: '512Mi' })] }), want: { cpu: 1500, memory: 1.5 * 2 ** 30 } },
    {
      name: 'init container larger than app sum wins per resource (Kubernetes doc example)',
      pod: makePod('p', {
        initContainers: [container('i1', { cpu: '2', memory: '1G' }), container('i2', { cpu: '2', memory: '3G' })],
        containers: [container('c1', { cpu: '2', memory: '1G' }), container('c2', { cpu: '1', memory: '1G' })],
      }),
      want: { cpu: 3000, memory: 3e9 },
    },
    {
      name: 'overhead is added after the max',
      pod: makePod('p', { initContainers: [container('i', { cpu: '4' })], containers: [container('c', { cpu: '1' })], overhead: { cpu: '250m' } }),
      want: { cpu: 4250 },
    },
    {
      name: 'sidecar init containers are summed with the app containers',
      pod: makePod('p', { initContainers: [sidecar('s', { cpu: '500m' })], containers: [container('c', { cpu: '1' })] }),
      want: { cpu: 1500 },
    },
    {
      name: 'a later regular init container runs next to earlier sidecars',
      pod: makePod('p', { initContainers: [sidecar('s', { cpu: '1' }), container('i', { cpu: '3' })], containers: [container('c', { cpu: '1' })] }),
      want: { cpu: 4000 },
    },
    {
      name: 'a regular init container before the sidecar does not add the sidecar',
      pod: makePod('p', { initContainers: [container('i', { cpu: '3' }), sidecar('s', { cpu: '1' })], containers: [container('c', { cpu: '1' })] }),
      want: { cpu: 3000 },
    },
    { name: 'extended resources', pod: makePod('p', { requests: { 'example.com/gpu': '2' } }), want: { 'example.com/gpu': 2 } },
  ])('$name', ({ pod, want }) => {
    expect(podRequests(pod)).toEqual(want);
  });

  it('nonZero substitutes 100m / 200Mi for unset cpu and memory', () => {
    const pod = makePod('p', { containers: [container('a'), container('b', { cpu: '1' })] });
    expect(podRequests(pod, { nonZero: true })).toEqual({ cpu: 1100, memory: 400 * 2 ** 20 });
    expect(podRequests(pod)).toEqual({ cpu: 1000 });
  });
});
