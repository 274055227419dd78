// Container root filesystems: overlayfs over the image's unpacked layers. Lower dirs are named by
// short relative symlinks (l/1 = top layer … l/N = bottom), mounted with l/ as cwd, so the option
// string stays far below the ~4 KB limit however many layers the image has.
import { mkdir, readFile, readlink, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { run, runOk } from '../../host/index.js';

export interface RootfsPaths { dir: string; lower: string; upper: string; work: string; rootfs: string }

export function rootfsPaths(containerDir: string): RootfsPaths {
  return { dir: containerDir, lower: join(containerDir, 'l'), upper: join(containerDir, 'upper'),
    work: join(containerDir, 'work'), rootfs: join(containerDir, 'rootfs') };
}

/** Mounts the overlay; `layerDirs` are bottom layer first (manifest order). */
export async function mountRootfs(p: RootfsPaths, layerDirs: string[], signal?: AbortSignal): Promise<void> {
  for (const d of [p.lower, p.upper, p.work, p.rootfs]) await mkdir(d, { recursive: true });
  const top = [...layerDirs].reverse();
  const names: string[] = [];
  for (const [i, dir] of top.entries()) {
    const name = String(i + 1);
    await symlink(dir, join(p.lower, name));
    names.push(name);
  }
  // An image with no layers still needs a lower dir: an empty one.
  if (names.length === 0) { await mkdir(join(p.lower, 'empty')); names.push('empty'); }
  await runOk('mount', ['-t', 'overlay', 'overlay', '-o',
    `lowerdir=${names.join(':')},upperdir=${p.upper},workdir=${p.work}`, p.rootfs], { cwd: p.lower, signal });
}

export async function isMountpoint(path: string): Promise<boolean> {
  const mounts = await readFile('/proc/self/mounts', 'utf8');
  return mounts.split('\n').some((l) => l.split(' ')[1] === path.replace(/ /g, '\\040'));
}

/** Unmounts `path` if mounted (lazily when busy). */
export async function unmount(path: string): Promise<void> {
  while (await isMountpoint(path)) {
    const r = await run('umount', [path]);
    if (r.code !== 0) {
      await runOk('umount', ['-l', path]);
    }
  }
}

/** The layer dirs a container's rootfs stacks (for image GC's in-use set). */
export async function lowerDirs(p: RootfsPaths): Promise<string[]> {
  const out: string[] = [];
  for (const n of await readdir(p.lower).catch(() => [] as string[])) {
    out.push(await readlink(join(p.lower, n)).catch(() => ''));
  }
  return out.filter(Boolean);
}
