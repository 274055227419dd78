// Shared bits of the kubelet's integration and e2e tests: kubelet options for a test node, polling
// with a deadline, and small pod builders.
import type { V1Pod } from '@kubernetes/client-node';
import { defaultKubeletOptions, type KubeletOptions } from '../../kubelet/index.js';

export function testOptions(o: Partial<KubeletOptions> & { nodeName: string; rootDir: string }): KubeletOptions {
  return {
    ...defaultKubeletOptions, port: 0, address: '127.0.0.1', nodeIP: '127.0.0.1', runtime: 'fake', logLevel: 'warn',
    plegPeriodMs: 200, nodeStatusUpdateFrequencyMs: 1000, ...o,
  };
}

export { eventually } from '../eventually.js';

export function pod(name: string, nodeName: string, spec: Partial<NonNullable<V1Pod['spec']>> = {}): V1Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
    spec: { nodeName, containers: [{ name: 'app', image: 'busybox:1', command: ['sleep', '3600'] }], ...spec },
  };
}
