// Service health checks: local endpoint counts per healthCheckNodePort (pure), and the HTTP
// listeners answering 200/503 with kube-proxy's body and headers, opened and closed by sync.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../apimachinery/log.js';
import { freePort } from '../cluster/common/ports.js';
import { buildServicePorts } from './model/index.js';
import { ServiceHealthServer, serviceHealthChecks } from './servicehealth.js';
import { endpoint, service, slice } from './testing/fixtures.js';

const lb = (name: string, etp: 'Local' | 'Cluster', hc?: number) =>
  service(name, { type: 'LoadBalancer', externalTrafficPolicy: etp, healthCheckNodePort: hc, ports: [
    { name: 'http', port: 80, nodePort: 31000, protocol: 'TCP' }, { name: 'https', port: 443, nodePort: 31001, protocol: 'TCP' }] });
const ports = [{ name: 'http', port: 8080 }, { name: 'https', port: 8443 }];

describe('serviceHealthChecks', () => {
  it('counts distinct local usable endpoint IPs per health check port; only ETP Local LoadBalancers have one', () => {
    const sps = buildServicePorts(
      [lb('a', 'Local', 32001), lb('b', 'Local', 32002), lb('c', 'Cluster', 32003)],
      [
        slice('a', [endpoint('10.244.1.5', { nodeName: 'n1' }), endpoint('10.244.1.6', { nodeName: 'n1' }), endpoint('10.244.2.5', { nodeName: 'n2' }),
          endpoint('10.244.1.7', { nodeName: 'n1', ready: false })], ports),
        slice('b', [endpoint('10.244.2.6', { nodeName: 'n2' })], ports),
        slice('c', [endpoint('10.244.1.8', { nodeName: 'n1' })], ports),
      ],
    );
    expect([...serviceHealthChecks(sps, 'n1')]).toEqual([
      [32001, { namespace: 'default', name: 'a', localEndpoints: 2 }],
      [32002, { namespace: 'default', name: 'b', localEndpoints: 0 }],
    ]);
  });
});

describe('ServiceHealthServer', () => {
  it('answers 200 with local endpoints, 503 without, and stops serving ports no longer wanted', async () => {
    let healthy = true;
    const s = new ServiceHealthServer({ host: '127.0.0.1', proxyHealthy: () => healthy, logger: silentLogger() });
    const [p1, p2] = [await freePort(), await freePort()];
    try {
      await s.sync(new Map([[p1, { namespace: 'default', name: 'a', localEndpoints: 2 }], [p2, { namespace: 'default', name: 'b', localEndpoints: 0 }]]));
      const r1 = await fetch(`http://127.0.0.1:${p1}/`);
      expect(r1.status).toBe(200);
      expect(r1.headers.get('content-type')).toBe('application/json');
      expect(r1.headers.get('x-load-balancing-endpoint-weight')).toBe('2');
      expect(await r1.json()).toEqual({ service: { namespace: 'default', name: 'a' }, localEndpoints: 2, serviceProxyHealthy: true });
      const r2 = await fetch(`http://127.0.0.1:${p2}/`);
      expect(r2.status).toBe(503);
      expect(await r2.json()).toMatchObject({ localEndpoints: 0 });
      healthy = false; // stale rules: unhealthy even with endpoints
      expect((await fetch(`http://127.0.0.1:${p1}/`)).status).toBe(503);
      await s.sync(new Map([[p2, { namespace: 'default', name: 'b', localEndpoints: 1 }]]));
      expect(s.ports()).toEqual([p2]);
      await expect(fetch(`http://127.0.0.1:${p1}/`)).rejects.toThrow();
    } finally {
      await s.close();
    }
    expect(s.ports()).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${p2}/`)).rejects.toThrow();
  });
});
