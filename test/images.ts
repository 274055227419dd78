// Test helper: builds a busybox image from the host's busybox-static with umoci, starts a private
// docker-registry on a free 127.0.0.1 port, and pushes the image there with skopeo.
// Tags: "1" (one layer) and "layered" (+ a layer whiting out /bin/ls and making /etc/data opaque).
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../cluster/common/ports.js';

const execFileP = promisify(execFile);

export const BUSYBOX_APPLETS = ['sh', 'sleep', 'hostname', 'cat', 'env', 'ls', 'ip', 'nc', 'httpd', 'ps', 'wget',
  'echo', 'true', 'false', 'id', 'mount', 'head', 'tail', 'grep', 'kill', 'touch', 'mkdir', 'rm', 'ping', 'stat',
  'readlink', 'wc', 'tr', 'dd', 'yes', 'seq', 'test', 'printf', 'date', 'ifconfig', 'dmesg', 'top', 'stty'];

export function busyboxPath(): string | undefined {
  return ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
}

/** Why image tests cannot run here, or undefined when umoci, skopeo, docker-registry and busybox exist. */
export function testRegistryUnavailable(): string | undefined {
  if (!busyboxPath()) return 'busybox-static is not installed';
  for (const bin of ['umoci', 'skopeo', 'docker-registry']) {
    const found = ['/usr/bin', '/usr/sbin', '/bin', '/usr/local/bin'].some((d) => existsSync(join(d, bin)));
    if (!found) return `${bin} is not installed`;
  }
  return undefined;
}

export interface TestRegistry {
  /** "127.0.0.1:PORT" */
  registry: string;
  /** "127.0.0.1:PORT/test/busybox:1" */
  image: string;
  /** "127.0.0.1:PORT/test/busybox:layered" */
  layeredImage: string;
  /** The OCI layout the images were built in (tags "1" and "layered"). */
  layout: string;
  /** Registry storage root (tests may corrupt blobs here). */
  storage: string;
  stop(): Promise<void>;
}

async function sh(cmd: string, args: string[]): Promise<void> {
  await execFileP(cmd, args, { maxBuffer: 16 << 20 });
}

/** Builds the OCI layout with tags "1" and "layered" under dir/oci. */
export async function buildBusyboxLayout(dir: string): Promise<string> {
  const bb = busyboxPath();
  if (!bb) throw new Error('busybox-static is not installed');
  const rootfs = join(dir, 'rootfs');
  await mkdir(join(rootfs, 'bin'), { recursive: true });
  await mkdir(join(rootfs, 'etc', 'data'), { recursive: true });
  await mkdir(join(rootfs, 'tmp'), { recursive: true, mode: 0o1777 });
  await copyFile(bb, join(rootfs, 'bin', 'busybox'));
  for (const a of BUSYBOX_APPLETS) await symlink('busybox', join(rootfs, 'bin', a));
  await writeFile(join(rootfs, 'etc', 'data', 'a'), 'a\n');
  await writeFile(join(rootfs, 'etc', 'data', 'b'), 'b\n');
  await writeFile(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
  const layout = join(dir, 'oci');
  await sh('umoci', ['init', '--layout', layout]);
  await sh('umoci', ['new', '--image', `${layout}:1`]);
  await sh('umoci', ['insert', '--no-history', '--image', `${layout}:1`, rootfs, '/']);
  await sh('umoci', ['config', '--no-history', '--image', `${layout}:1`, '--config.cmd', 'sh', '--config.env', 'PATH=/bin']);
  // "layered": a second layer removes /bin/ls and replaces /etc/data with a dir holding only "c".
  const data2 = join(dir, 'data2');
  await mkdir(data2);
  await writeFile(join(data2, 'c'), 'c\n');
  await sh('umoci', ['insert', '--no-history', '--image', `${layout}:1`, '--tag', 'layered', '--whiteout', '/bin/ls']);
  await sh('umoci', ['insert', '--no-history', '--image', `${layout}:layered`, '--opaque', data2, '/etc/data']);
  return layout;
}

/** Waits until `url` answers `status` (200; 401 behind auth); fails when the registry process exits. */
export async function waitForRegistry(url: string, proc: { exitCode: number | null }, timeoutMs: number, status = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === status) return;
    } catch { /* not listening yet */ }
    if (proc.exitCode !== null) throw new Error(`docker-registry exited with ${proc.exitCode}`);
    if (Date.now() > deadline) throw new Error(`registry at ${url} did not come up`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface RegistryProcess {
  /** host:port it listens on. */
  registry: string;
  proc: ChildProcess;
  /** Stops the registry (SIGTERM, SIGKILL after 3 s) and removes `dir`. */
  stop(): Promise<void>;
}

/** A docker-registry over `storage` on a free loopback port, its config.yml in `dir`; optionally
 *  with deletes enabled or behind htpasswd (basic) auth. Not waited for: see waitForRegistry. */
export async function spawnRegistry(dir: string, storage: string, opts: { deletes?: boolean; htpasswdFile?: string } = {}): Promise<RegistryProcess> {
  const registry = `127.0.0.1:${await freePort()}`;
  await writeFile(join(dir, 'config.yml'), [
    'version: 0.1',
    'log:', '  level: error', '  accesslog:', '    disabled: true',
    'storage:', '  filesystem:', `    rootdirectory: ${storage}`, ...(opts.deletes ? ['  delete:', '    enabled: true'] : []),
    ...(opts.htpasswdFile ? ['auth:', '  htpasswd:', '    realm: k8ts-test', `    path: ${opts.htpasswdFile}`] : []),
    'http:', `  addr: ${registry}`, '',
  ].join('\n'));
  const proc = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' });
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  return { registry, proc, stop };
}

/** Builds the image, starts a registry on a free port, pushes both tags. Call stop() when done. */
export async function startTestRegistry(): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-registry-'));
  const storage = join(dir, 'storage');
  await mkdir(storage);
  const { registry, proc, stop } = await spawnRegistry(dir, storage, { deletes: true });
  try {
    const layoutP = buildBusyboxLayout(dir);
    await waitForRegistry(`http://${registry}/v2/`, proc, 15_000);
    const layout = await layoutP;
    for (const tag of ['1', 'layered']) {
      await sh('skopeo', ['copy', '--insecure-policy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:${tag}`,
        `docker://${registry}/test/busybox:${tag}`]);
    }
    return { registry, image: `${registry}/test/busybox:1`, layeredImage: `${registry}/test/busybox:layered`,
      layout, storage, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
