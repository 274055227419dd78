// A docker-registry with htpasswd (basic) auth over the test registry's storage, for imagePullSecrets
// tests: the same images, reachable only with the right username and password.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../cluster/common/ports.js';
import { eventually } from '../eventually.js';

export interface AuthRegistry { registry: string; image: string; stop(): Promise<void> }

/** A bcrypt htpasswd line (docker-registry accepts only bcrypt), made with python3's crypt. */
export function htpasswdLine(user: string, password: string): string {
  const hash = execFileSync('python3', ['-W', 'ignore', '-c',
    'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))', password], { encoding: 'utf8' }).trim();
  if (!hash.startsWith('$2')) throw new Error('python3 crypt has no bcrypt here');
  return `${user}:${hash}`;
}

/** Why an auth registry cannot be started here. */
export function authRegistryUnavailable(): string | undefined {
  try {
    htpasswdLine('u', 'p');
    return undefined;
  } catch (err) {
    return `cannot make a bcrypt htpasswd: ${(err as Error).message}`;
  }
}

export async function startAuthRegistry(storage: string, user: string, password: string): Promise<AuthRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-authreg-'));
  const port = await freePort();
  const registry = `127.0.0.1:${port}`;
  await writeFile(join(dir, 'htpasswd'), `${htpasswdLine(user, password)}\n`);
  await writeFile(join(dir, 'config.yml'), [
    'version: 0.1', 'log:', '  level: error', '  accesslog:', '    disabled: true',
    'storage:', '  filesystem:', `    rootdirectory: ${storage}`,
    'auth:', '  htpasswd:', '    realm: k8ts-test', `    path: ${join(dir, 'htpasswd')}`,
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
  try {
    await eventually('auth registry up', async () => {
      if (proc.exitCode !== null) throw new Error(`docker-registry exited ${proc.exitCode}`);
      return (await fetch(`http://${registry}/v2/`).catch(() => undefined))?.status === 401;
    }, 15_000, 50);
  } catch (err) {
    await stop();
    throw err;
  }
  return { registry, image: `${registry}/test/busybox:1`, stop };
}
