// The proxier over fake informers and a recording writer: full first write, incremental after,
// full again after a failed write, and the service/endpoint changes reaching the rules.
import { describe, expect, it } from 'vitest';
import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import { FakeInformer } from '../apimachinery/controller/index.js';
import { silentLogger } from '../apimachinery/log.js';
import { Proxier, cleanupRules } from './proxier.js';
import { FakeNftWriter } from './nft/writer.js';
import { endpoint, service, slice } from './testing/fixtures.js';

function setup(): { proxier: Proxier; writer: FakeNftWriter; services: FakeInformer<V1Service>; slices: FakeInformer<V1EndpointSlice> } {
  const services = new FakeInformer<V1Service>([service('web')]);
  const slices = new FakeInformer<V1EndpointSlice>([slice('web', [endpoint('10.244.1.5')])]);
  const writer = new FakeNftWriter();
  const proxier = new Proxier({ services: services.store, slices: slices.store, writer, facts: () => ({ nodePortIPs: 'all' }), logger: silentLogger() });
  return { proxier, writer, services, slices };
}

describe('Proxier', () => {
  it('writes the whole table first, then incrementally', async () => {
    const { proxier, writer, slices } = setup();
    await proxier.sync();
    expect(writer.applied[0]).toContain('delete table ip k8ts-proxy');
    expect(writer.applied[0]).toContain('dnat to 10.244.1.5:8080');

    slices.deliver('update', slice('web', [endpoint('10.244.1.6')]));
    await proxier.sync();
    const second = writer.applied[1]!;
    expect(second).not.toContain('delete table');
    expect(second).toContain('delete chain ip k8ts-proxy endpoint-default/web/tcp/http__10.244.1.5/8080');
    expect(second).toContain('dnat to 10.244.1.6:8080');
    expect(proxier.syncs).toBe(2);
  });

  it('rebuilds the table after a failed write', async () => {
    const { proxier, writer } = setup();
    await proxier.sync();
    writer.failNext = new Error('boom');
    await expect(proxier.sync()).rejects.toThrow('boom');
    await proxier.sync();
    expect(writer.applied[1]).toContain('delete table ip k8ts-proxy');
  });

  it('rejects a service whose endpoints all went away', async () => {
    const { proxier, writer, slices } = setup();
    await proxier.sync();
    slices.deliver('update', slice('web', []));
    await proxier.sync();
    expect(writer.applied[1]).toContain('add element ip k8ts-proxy no-endpoint-services { 10.96.0.10 . tcp . 80 : goto reject-chain }');
  });

  it('writes and cleans up the table it was given, and reports the synced ports', async () => {
    const services = new FakeInformer<V1Service>([service('web')]);
    const slices = new FakeInformer<V1EndpointSlice>([slice('web', [endpoint('10.244.1.5')])]);
    const writer = new FakeNftWriter();
    const seen: string[][] = [];
    const proxier = new Proxier({
      services: services.store, slices: slices.store, writer, facts: () => ({ nodePortIPs: 'all' }), logger: silentLogger(),
      table: 'other', onSynced: (ports) => seen.push(ports.map((p) => `${p.name}:${p.port}`)),
    });
    await proxier.sync();
    expect(writer.applied[0]).toContain('delete table ip other\nadd table ip other');
    expect(writer.applied[0]).not.toContain('k8ts-proxy');
    expect(seen).toEqual([['web:80']]);
    await proxier.cleanup();
    expect(writer.applied[1]).toBe('add table ip other\ndelete table ip other\n');
    await cleanupRules(writer, undefined, 'other');
    expect(writer.applied[2]).toBe('add table ip other\ndelete table ip other\n');
  });

  it('cleanup deletes only our table', async () => {
    const writer = new FakeNftWriter();
    await cleanupRules(writer);
    expect(writer.applied).toEqual(['add table ip k8ts-proxy\ndelete table ip k8ts-proxy\n']);
  });
});
