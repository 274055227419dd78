// cluster/paths: entry() runs a component's bundle when scripts/bundle.mjs made one and none of its
// inputs changed since, and falls back to dist/<component>/main.js otherwise; the launcher's preloads follow.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleEntry, bundled, entry, launchPreloads } from './paths.js';

const root = mkdtempSync(join(tmpdir(), 'k8ts-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const saved = process.env.K8TS_NO_BUNDLE;
afterEach(() => {
  if (saved === undefined) delete process.env.K8TS_NO_BUNDLE;
  else process.env.K8TS_NO_BUNDLE = saved;
});

function touch(path: string, secs: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '');
  utimesSync(path, secs, secs);
}

describe('component entry points', () => {
  delete process.env.K8TS_NO_BUNDLE;
  it('uses dist/<component>/main.js without a bundle', () => {
    expect(entry('kubelet', root)).toBe(join(root, 'dist', 'kubelet', 'main.js'));
    expect(bundled('kubelet', root)).toBe(false);
    expect(launchPreloads(entry('kubelet', root), join(root, 'dist', 'kubelet', 'kubelet.js'), root)).toEqual(['@kubernetes/client-node', join(root, 'dist', 'kubelet', 'kubelet.js')]);
  });

  // A bundle made at t=2000 s from dist/kubelet/main.js and package-lock.json.
  const made = (): void => {
    touch(join(root, 'package-lock.json'), 1000);
    touch(join(root, 'dist', 'kubelet', 'main.js'), 1000);
    touch(bundleEntry('kubelet', root), 2000);
    writeFileSync(join(root, 'dist', 'bundle', 'kubelet', 'inputs.json'), JSON.stringify({ bundledAt: 2_000_000, inputs: ['package-lock.json', 'dist/kubelet/main.js'] }));
  };

  it('uses the bundle and its preload entry when none of its inputs changed since it was made', () => {
    made();
    expect(entry('kubelet', root)).toBe(join(root, 'dist', 'bundle', 'kubelet', 'main.js'));
    expect(launchPreloads(entry('kubelet', root), join(root, 'dist', 'kubelet', 'kubelet.js'), root)).toEqual([join(root, 'dist', 'bundle', 'kubelet', 'preload.js')]);
    // Nested components get a flat directory.
    expect(bundleEntry('kube-proxy/dns', root)).toBe(join(root, 'dist', 'bundle', 'kube-proxy-dns', 'main.js'));
  });

  it('ignores a bundle once tsc rewrote one of its inputs, or an input is gone (it would run stale code)', () => {
    made();
    touch(join(root, 'dist', 'kubelet', 'main.js'), 3000);
    expect(entry('kubelet', root)).toBe(join(root, 'dist', 'kubelet', 'main.js'));
    made();
    touch(join(root, 'package-lock.json'), 3000);
    expect(bundled('kubelet', root)).toBe(false);
    made();
    rmSync(join(root, 'dist', 'kubelet', 'main.js'));
    expect(bundled('kubelet', root)).toBe(false);
  });

  it('ignores a bundle without its inputs record', () => {
    made();
    rmSync(join(root, 'dist', 'bundle', 'kubelet', 'inputs.json'));
    expect(bundled('kubelet', root)).toBe(false);
  });

  it('ignores bundles when K8TS_NO_BUNDLE is set', () => {
    made();
    expect(bundled('kubelet', root)).toBe(true);
    process.env.K8TS_NO_BUNDLE = '1';
    expect(entry('kubelet', root)).toBe(join(root, 'dist', 'kubelet', 'main.js'));
  });
});
