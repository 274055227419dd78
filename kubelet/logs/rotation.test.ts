// ContainerLogManager with a stub runtime and real files: rotates logs over the size limit, asks
// the runtime to reopen, gzips older rotations, keeps maxFiles, leaves small logs and stopped
// containers alone, and undoes the rename when the reopen fails.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import type { Container, ContainerStatus } from '../runtime/index.js';
import { ContainerLogManager, rotatedLogs, rotationStamp } from './rotation.js';

let dir: string;
let now = Date.UTC(2026, 0, 2, 3, 4, 5);
const reopened: string[] = [];
let failReopen = false;

function stubRuntime(logs: Record<string, string>, states: Record<string, Container['state']> = {}) {
  return {
    listContainers: async (f?: { state?: string }) => Object.keys(logs).filter((id) => !f?.state || (states[id] ?? 'CONTAINER_RUNNING') === f.state)
      .map((id) => ({ id, state: states[id] ?? 'CONTAINER_RUNNING' }) as Container),
    containerStatus: async (id: string) => ({ id, logPath: logs[id] }) as ContainerStatus,
    reopenContainerLog: async (id: string) => {
      if (failReopen) throw new Error('conmon is gone');
      reopened.push(id);
      writeFileSync(logs[id]!, ''); // the writer starts a new file at the same path
    },
  };
}

beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'k8ts-rot-')); reopened.length = 0; failReopen = false; });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ContainerLogManager', () => {
  it('rotates a log past maxSize, reopens it, gzips older rotations and keeps maxFiles in all', async () => {
    const log = join(dir, '0.log');
    const m = new ContainerLogManager({ runtime: stubRuntime({ c1: log }), log: silentLogger(), maxSize: 10, maxFiles: 3, intervalMs: 1000, now: () => now });
    for (let i = 1; i <= 4; i++) {
      writeFileSync(log, `generation ${i} of the log\n`);
      expect(await m.rotateAll()).toEqual(['c1']);
      now += 1000;
    }
    expect(reopened).toEqual(['c1', 'c1', 'c1', 'c1']);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['0.log', `0.log.${rotationStamp(now - 1000)}`, `0.log.${rotationStamp(now - 2000)}.gz`].sort());
    expect(readFileSync(join(dir, `0.log.${rotationStamp(now - 1000)}`), 'utf8')).toBe('generation 4 of the log\n');
    expect(gunzipSync(readFileSync(join(dir, `0.log.${rotationStamp(now - 2000)}.gz`))).toString()).toBe('generation 3 of the log\n');
    expect(readFileSync(log, 'utf8')).toBe('');
    expect((await rotatedLogs(log)).length).toBe(2);
  });

  it('leaves small logs and stopped containers alone', async () => {
    const small = join(dir, 'small.log');
    const stopped = join(dir, 'stopped.log');
    writeFileSync(small, 'tiny');
    writeFileSync(stopped, 'x'.repeat(100));
    const m = new ContainerLogManager({ runtime: stubRuntime({ a: small, b: stopped }, { b: 'CONTAINER_EXITED' }), log: silentLogger(), maxSize: 10, maxFiles: 5, intervalMs: 1000, now: () => now });
    expect(await m.rotateAll()).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['small.log', 'stopped.log']);
  });

  it('puts the file back when the runtime cannot reopen it', async () => {
    const log = join(dir, '0.log');
    writeFileSync(log, 'x'.repeat(100));
    failReopen = true;
    const m = new ContainerLogManager({ runtime: stubRuntime({ c1: log }), log: silentLogger(), maxSize: 10, maxFiles: 5, intervalMs: 1000, now: () => now });
    expect(await m.rotateAll()).toEqual([]);
    expect(readFileSync(log, 'utf8')).toBe('x'.repeat(100));
    expect(existsSync(`${log}.${rotationStamp(now)}`)).toBe(false);
  });
});
