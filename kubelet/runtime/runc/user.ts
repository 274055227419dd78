// Resolving a container's uid/gid: securityContext first, then the image's User ("uid[:gid]" or
// names looked up in the image's /etc/passwd and /etc/group).
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RuntimeError } from '../../host/index.js';

async function readRootfsFile(rootfs: string, path: string): Promise<string> {
  const p = join(rootfs, path);
  try {
    if (!(await lstat(p)).isFile()) return ''; // never follow a symlink out of the rootfs
    return await readFile(p, 'utf8');
  } catch { return ''; }
}

function lookup(text: string, name: string): string[] | undefined {
  return text.split('\n').map((l) => l.split(':')).find((f) => f[0] === name);
}

export async function resolveUser(rootfs: string, imageUser: string | undefined,
  runAsUser?: number, runAsGroup?: number): Promise<{ uid: number; gid: number }> {
  let uid = 0;
  let gid: number | undefined;
  const [u, g] = (imageUser ?? '').split(':');
  if (runAsUser !== undefined) {
    uid = runAsUser;
    const entry = (await readRootfsFile(rootfs, 'etc/passwd')).split('\n').map((l) => l.split(':')).find((f) => f[2] === String(uid));
    if (entry?.[3] && /^\d+$/.test(entry[3])) gid = Number(entry[3]);
  } else if (u) {
    if (/^\d+$/.test(u)) {
      uid = Number(u);
    } else {
      const entry = lookup(await readRootfsFile(rootfs, 'etc/passwd'), u);
      if (!entry) throw new RuntimeError('InvalidArgument', `user "${u}" not found in the image's /etc/passwd`);
      uid = Number(entry[2]);
      gid = Number(entry[3]);
    }
  }
  if (g && runAsGroup === undefined) {
    if (/^\d+$/.test(g)) gid = Number(g);
    else {
      const entry = lookup(await readRootfsFile(rootfs, 'etc/group'), g);
      if (!entry) throw new RuntimeError('InvalidArgument', `group "${g}" not found in the image's /etc/group`);
      gid = Number(entry[2]);
    }
  }
  return { uid, gid: runAsGroup ?? gid ?? 0 };
}
