// The atomic writer for configMap/secret/downwardAPI/projected volumes, as the kubelet does it:
// files go to a fresh "..<timestamp>" dir, "..data" is swapped to it with a rename (atomic), and
// each top-level entry is a symlink through "..data". Containers see a whole new set at once.
import { lstat, mkdir, readdir, readlink, rename, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';

export interface Payload {
  /** Relative path inside the volume. */
  path: string;
  content: Buffer;
  mode: number;
}

/** Rejects absolute paths and "..": a key must stay inside its volume. */
export function safeRelative(p: string): boolean {
  const n = normalize(p);
  return !!p && !p.startsWith('/') && !n.split(sep).includes('..') && !p.startsWith('..');
}

/** Writes `files` into `dir` atomically, replacing the previous set. */
export async function writeAtomic(dir: string, files: Payload[], now = Date.now()): Promise<void> {
  await mkdir(dir, { recursive: true });
  const stamp = `..${new Date(now).toISOString().replace(/[:.]/g, '_')}.${Math.random().toString(36).slice(2, 8)}`;
  const tsDir = join(dir, stamp);
  await mkdir(tsDir, { recursive: true });
  for (const f of files) {
    if (!safeRelative(f.path)) throw new Error(`invalid path "${f.path}" in volume`);
    const target = join(tsDir, f.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, f.content);
    await chmod(target, f.mode);
  }
  const old = await readlink(join(dir, '..data')).catch(() => undefined);
  await rm(join(dir, '..data_tmp'), { force: true });
  await symlink(stamp, join(dir, '..data_tmp'));
  await rename(join(dir, '..data_tmp'), join(dir, '..data'));
  const tops = new Set(files.map((f) => f.path.split('/')[0]!));
  for (const name of await readdir(dir)) {
    if (name.startsWith('..')) continue;
    if (!tops.has(name)) await rm(join(dir, name), { force: true, recursive: true });
  }
  for (const t of tops) {
    const link = join(dir, t);
    const st = await lstat(link).catch(() => undefined);
    if (st?.isSymbolicLink()) continue;
    if (st) await rm(link, { recursive: true, force: true });
    await symlink(join('..data', t), link);
  }
  if (old && old !== stamp) await rm(join(dir, old), { recursive: true, force: true });
}
