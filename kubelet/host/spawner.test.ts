// The spawn helper: commands run in it with their input, output, exit codes and timeouts; an abort
// kills the command; a detached daemon reports through its fd 3 sync pipe while its output goes
// to a file; the helper comes back after it died.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Spawner } from './spawner.js';

const sp = new Spawner();
const dir = mkdtempSync(join(tmpdir(), 'k8ts-spawner-'));
afterAll(() => { sp.close(); rmSync(dir, { recursive: true, force: true }); });

describe('Spawner', () => {
  it('runs a command with stdin, env and cwd and returns its output and exit code', async () => {
    const r = await sp.run({ cmd: 'sh', args: ['-c', 'cat; echo "$X $(pwd)"; echo err >&2; exit 3'], input: Buffer.from('in\n'), env: { X: 'x', PATH: '/usr/bin:/bin' }, cwd: dir });
    expect({ code: r.code, out: r.stdout.toString(), err: r.stderr.toString(), timedOut: r.timedOut }).toEqual({ code: 3, out: `in\nx ${dir}\n`, err: 'err\n', timedOut: false });
  });

  it('reports a missing binary as an error and kills on timeout or abort', async () => {
    await expect(sp.run({ cmd: '/nonexistent/k8ts', args: [] })).rejects.toThrow(/ENOENT/);
    const t = await sp.run({ cmd: 'sleep', args: ['30'], timeoutMs: 100 });
    expect(t).toMatchObject({ timedOut: true, code: 137 });
    const ac = new AbortController();
    const p = sp.run({ cmd: 'sleep', args: ['30'] }, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });

  it('starts a detached daemon: the sync pipe message comes back, its output goes to the file', async () => {
    const log = join(dir, 'daemon.log');
    const r = await sp.detached({ cmd: 'sh', args: ['-c', 'echo daemon-out; echo \'{"data": 42}\' >&3'], logFile: log });
    expect(r.message.trim()).toBe('{"data": 42}');
    expect(readFileSync(log, 'utf8')).toBe('daemon-out\n');
    const silent = await sp.detached({ cmd: 'true', args: [], logFile: log });
    expect(silent).toEqual({ message: '', ended: true });
  });

  it('starts a new helper after the old one died', async () => {
    const pid = Number((await sp.run({ cmd: 'sh', args: ['-c', 'echo $PPID'] })).stdout.toString());
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    expect((await sp.run({ cmd: 'echo', args: ['again'] })).stdout.toString()).toBe('again\n');
  });
});
