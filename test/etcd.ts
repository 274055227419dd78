// Test helper: a throw-away single-member etcd on free loopback ports with a temp data dir that is
// removed on stop. Suites use `describe.skipIf(!etcdAvailable)` with `etcdSkipReason` as the name.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findEtcdBinary, startEtcd, startEtcdCluster, type EtcdCluster } from '../cluster/etcd.js';

export const etcdBinary = findEtcdBinary();
export const etcdAvailable = etcdBinary !== undefined;
export const etcdSkipReason = etcdAvailable ? '' : ' (skipped: no etcd binary; install etcd-server or set K8TS_ETCD)';

export interface TestEtcd {
  endpoints: string[];
  pid: number;
  stop(): Promise<void>;
}

/** Starts etcd in a fresh temp dir; stop() kills it and removes the dir. */
export async function withEtcd(opts: { extraArgs?: string[]; progressNotifyIntervalMs?: number } = {}): Promise<TestEtcd> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-etcd-'));
  try {
    const etcd = await startEtcd({ dataDir: join(dir, 'data'), logFile: join(dir, 'etcd.log'), ...opts });
    return {
      endpoints: etcd.endpoints,
      pid: etcd.pid,
      stop: async () => {
        await etcd.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** An n-member cluster in a fresh temp dir; stop() kills all members and removes the dir. */
export async function withEtcdCluster(n: number): Promise<EtcdCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-etcd-cluster-'));
  try {
    const cluster = await startEtcdCluster(n, dir);
    return {
      ...cluster,
      stop: async () => {
        await cluster.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
