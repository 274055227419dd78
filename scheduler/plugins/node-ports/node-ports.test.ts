import type { V1ContainerPort } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../cache/snapshot.js';
import { container, makeNode, makePod } from '../../testing/builders.js';
import { filterAll } from '../../testing/harness.js';
import { NodePorts } from './node-ports.js';

const withPorts = (name: string, ports: V1ContainerPort[], node?: string) => makePod(name, { node, containers: [container('c', undefined, { ports })] });

describe('NodePorts', () => {
  it.each<{ name: string; used: V1ContainerPort[]; want: V1ContainerPort[]; ok: boolean }>([
    { name: 'free port', used: [{ containerPort: 80, hostPort: 8080 }], want: [{ containerPort: 80, hostPort: 8081 }], ok: true },
    { name: 'same port, same protocol', used: [{ containerPort: 80, hostPort: 8080 }], want: [{ containerPort: 80, hostPort: 8080 }], ok: false },
    { name: 'same port, other protocol', used: [{ containerPort: 80, hostPort: 8080 }], want: [{ containerPort: 80, hostPort: 8080, protocol: 'UDP' }], ok: true },
    { name: 'different specific IPs', used: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.1' }], want: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.2' }], ok: true },
    { name: 'wildcard vs specific IP', used: [{ containerPort: 80, hostPort: 8080 }], want: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.2' }], ok: false },
    { name: 'containerPort only is no host port', used: [{ containerPort: 80 }], want: [{ containerPort: 80 }], ok: true },
  ])('$name', ({ used, want, ok }) => {
    const snap = Snapshot.from([makeNode('n')], [withPorts('e', used, 'n')]);
    const st = filterAll(new NodePorts(), withPorts('p', want), snap).get('n')!;
    expect(st.isSuccess()).toBe(ok);
    if (!ok) expect(st.reasons).toEqual(["node(s) didn't have free ports for the requested pod ports"]);
  });
});
