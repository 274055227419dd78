// A docker-registry with htpasswd (basic) auth over the test registry's storage, for imagePullSecrets
// tests: the same images, reachable only with the right username and password.
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnRegistry, waitForRegistry } from '../images.js';

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
  const htpasswdFile = join(dir, 'htpasswd');
  await writeFile(htpasswdFile, `${htpasswdLine(user, password)}\n`);
  const { registry, proc, stop } = await spawnRegistry(dir, storage, { htpasswdFile });
  try {
    await waitForRegistry(`http://${registry}/v2/`, proc, 15_000, 401);
  } catch (err) {
    await stop();
    throw err;
  }
  return { registry, image: `${registry}/test/busybox:1`, stop };
}
