// The etcd launcher: ports, health, stopping by PID, abort signals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEtcdBinary, startEtcd } from './etcd.js';
import { freePort, freePorts } from './common/ports.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('freePorts', () => {
  it('hands out distinct usable ports', async () => {
    const ports = await freePorts(5);
    expect(new Set(ports).size).toBe(5);
    expect(await freePort()).toBeGreaterThan(0);
  });
});

describe.skipIf(!findEtcdBinary())(`startEtcd${findEtcdBinary() ? '' : ' (skipped: no etcd binary)'}`, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'k8ts-etcd-launch-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on the given client port, answers /health, and stop() ends the process', async () => {
    const [port] = await freePorts(1);
    const etcd = await startEtcd({ dataDir: join(dir, 'a'), clientPort: port, logFile: join(dir, 'a.log') });
    try {
      expect(etcd.endpoints).toEqual([`http://127.0.0.1:${port}`]);
      const res = await fetch(`${etcd.endpoints[0]}/health`);
      expect(await res.json()).toMatchObject({ health: 'true' });
      expect(alive(etcd.pid)).toBe(true);
    } finally {
      await etcd.stop();
    }
    expect(alive(etcd.pid)).toBe(false);
  });

  it('stops the process when the signal aborts', async () => {
    const ac = new AbortController();
    const etcd = await startEtcd({ dataDir: join(dir, 'b'), signal: ac.signal });
    expect(alive(etcd.pid)).toBe(true);
    ac.abort();
    await etcd.stop(); // waits for the exit the abort started
    expect(alive(etcd.pid)).toBe(false);
  });

  it('fails with etcd’s own output when the process cannot start', async () => {
    const [port] = await freePorts(1);
    const first = await startEtcd({ dataDir: join(dir, 'c'), clientPort: port });
    try {
      await expect(
        startEtcd({ dataDir: join(dir, 'd'), clientPort: port, logFile: join(dir, 'd.log'), startTimeoutMs: 10_000 }),
      ).rejects.toThrow(/exited during start-up[\s\S]*address already in use/);
    } finally {
      await first.stop();
    }
  });

  it('fails clearly when the binary does not exist', async () => {
    await expect(startEtcd({ dataDir: join(dir, 'e'), binary: '/nonexistent/etcd', startTimeoutMs: 2000 })).rejects.toThrow();
  });
});
