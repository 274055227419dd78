// cluster/launch: the component starts only once the API server answers, with the command line it
// would have had if started directly.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../test/eventually.js';
import { launchArgv, parseLaunchArgs } from './launch.js';
import { repoRoot } from './common/paths.js';

const launchJs = join(repoRoot(), 'dist', 'cluster', 'launch.js');

describe('launch arguments', () => {
  it('round-trip', () => {
    const l = { wait: 'https://127.0.0.1:1/readyz', ca: '/p/ca.crt', preload: ['@kubernetes/client-node', '/x/y.js'], entry: '/d/kubelet/main.js', args: ['--kubeconfig', '/k', '--', 'x'] };
    expect(parseLaunchArgs(launchArgv(l))).toEqual(l);
    expect(parseLaunchArgs(launchArgv({ ...l, ca: undefined, preload: [] }))).toEqual({ ...l, ca: undefined, preload: [] });
    expect(parseLaunchArgs(launchArgv({ ...l, nice: 10 })).nice).toBe(10);
    expect(() => parseLaunchArgs(['--wait', 'u', '--nice', '40', '--', 'e'])).toThrow(/nice/);
  });

  it('rejects a command line without -- ENTRY or --wait', () => {
    expect(() => parseLaunchArgs(['--wait', 'x'])).toThrow(/usage/);
    expect(() => parseLaunchArgs(['--', 'e.js'])).toThrow(/--wait/);
  });
});

describe.skipIf(!existsSync(launchJs))(`launch process${existsSync(launchJs) ? '' : ' (skipped: dist/ is not built)'}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-launch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the entry after /readyz answers 200, with its own argv', async () => {
    let ready = false;
    let probes = 0;
    const srv = createServer((_req, res) => {
      probes++;
      res.statusCode = ready ? 200 : 503;
      res.end();
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as { port: number }).port;
    const out = join(dir, 'argv.json');
    const entry = join(dir, 'entry.mjs');
    writeFileSync(entry, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(1)));\n`);
    writeFileSync(entry, `import { writeFileSync } from 'node:fs';\nimport { getPriority } from 'node:os';\nwriteFileSync(${JSON.stringify(out)}, JSON.stringify({ argv: process.argv.slice(1), nice: getPriority() }));\n`);
    const asRoot = process.getuid?.() === 0;
    const child = spawn(process.execPath, [launchJs, ...launchArgv({ wait: `http://127.0.0.1:${port}/readyz`, nice: asRoot ? 10 : undefined, preload: ['node:os'], entry, args: ['--flag', 'v'] })], { stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await eventually('a few probes', async () => probes >= 3);
      expect(existsSync(out)).toBe(false);
      ready = true;
      expect(await exited).toBe(0);
      // Back to normal priority once the server answered (as root, where lowering it was asked).
      expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ argv: [entry, '--flag', 'v'], nice: 0 });
    } finally {
      child.kill();
      srv.close();
    }
  });
});
