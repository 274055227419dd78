// Unpacking one layer (gzip or plain tar) into its own directory for use as an overlayfs lower dir:
// the uncompressed stream is hashed (= the config's diff_id) while system tar extracts it, then
// `.wh.<name>` entries become overlay whiteouts (char device 0:0) and `.wh..wh..opq` markers become
// the trusted.overlay.opaque=y xattr. Node has no xattr API: setfattr is used when installed, else
// python3's os.setxattr.
import { spawn } from 'node:child_process';
import { createReadStream, constants as fsc } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, unlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { join } from 'node:path';
import { Writable, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { runOk, RuntimeError } from '../host/index.js';

const WH_PREFIX = '.wh.';
const WH_OPAQUE = '.wh..wh..opq';

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally { await fh.close(); }
}

/**
 * Extracts `blobPath` into `dest` (created atomically: a temp dir renamed into place) and returns
 * the layer's diff_id. Throws if `expectDiffId` is given and does not match.
 */
export async function unpackLayer(blobPath: string, dest: string, expectDiffId?: string, signal?: AbortSignal): Promise<string> {
  const tmp = `${dest}.unpack-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await mkdir(tmp, { recursive: true });
  try {
    const diffId = await extract(blobPath, tmp, signal);
    if (expectDiffId && expectDiffId !== diffId) {
      throw new RuntimeError('ImagePull', `layer diff_id mismatch: config says ${expectDiffId}, content is ${diffId}`);
    }
    await convertWhiteouts(tmp);
    try {
      await rename(tmp, dest);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err; // someone else unpacked it first
    }
    return diffId;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function extract(blobPath: string, dir: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const tar = spawn('tar', ['-x', '-f', '-', '-C', dir, '--numeric-owner', '--same-owner', '-p',
    '--warning=no-unknown-keyword'], { stdio: ['pipe', 'ignore', 'pipe'] });
  const errs: Buffer[] = [];
  tar.stderr.on('data', (b: Buffer) => errs.push(b));
  const exited = new Promise<number>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', (code) => resolve(code ?? 1));
  });
  const stdin = tar.stdin;
  stdin.on('error', () => { /* tar stopped reading: it saw the end-of-archive marker, or failed (exit code) */ });
  const writeToTar = (chunk: Buffer, cb: () => void): void => {
    if (stdin.destroyed || stdin.writableEnded) { cb(); return; }
    if (stdin.write(chunk)) { cb(); return; }
    const done = (): void => { stdin.off('drain', done); stdin.off('close', done); cb(); };
    stdin.on('drain', done);
    stdin.on('close', done);
  };
  // Every byte is hashed (the diff_id covers the whole stream) even if tar stops reading early.
  // Some writers (umoci) omit the end-of-archive blocks; two zero blocks are appended for tar.
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) { hash.update(chunk); writeToTar(chunk, () => cb()); },
    final(cb) { writeToTar(Buffer.alloc(1024), () => { if (!stdin.destroyed) stdin.end(); cb(); }); },
  });
  const stages: (Readable | Transform)[] = [createReadStream(blobPath)];
  if (await isGzip(blobPath)) stages.push(createGunzip());
  try {
    await pipeline([...stages, sink], { signal });
  } catch (err) {
    tar.kill('SIGKILL');
    await exited.catch(() => 0);
    const tarMsg = Buffer.concat(errs).toString().trim();
    throw new RuntimeError('ImagePull', `unpacking ${blobPath}: ${(err as Error).message}${tarMsg ? `: ${tarMsg}` : ''}`, { cause: err });
  }
  const code = await exited;
  if (code !== 0) throw new RuntimeError('ImagePull', `tar failed (exit ${code}) on ${blobPath}: ${Buffer.concat(errs).toString().trim()}`);
  return `sha256:${hash.digest('hex')}`;
}

/** Rewrites AUFS-style whiteout files into overlayfs whiteouts under `root`. */
export async function convertWhiteouts(root: string): Promise<{ whiteouts: number; opaque: number }> {
  const opaqueDirs: string[] = [];
  let whiteouts = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.name === WH_OPAQUE) {
        await unlink(p);
        opaqueDirs.push(dir);
      } else if (e.name.startsWith(WH_PREFIX)) {
        const target = join(dir, e.name.slice(WH_PREFIX.length));
        await unlink(p);
        await rm(target, { recursive: true, force: true });
        await runOk('mknod', ['-m', '000', target, 'c', '0', '0']);
        whiteouts++;
      } else if (e.isDirectory()) {
        await walk(p);
      }
    }
  };
  await walk(root);
  if (opaqueDirs.length > 0) await setOpaque(opaqueDirs);
  return { whiteouts, opaque: opaqueDirs.length };
}

async function executable(p: string): Promise<boolean> {
  try { await access(p, fsc.X_OK); return true; } catch { return false; }
}

const SETXATTR_PY = 'import os,sys\nfor p in sys.argv[1:]: os.setxattr(p, "trusted.overlay.opaque", b"y")';

/** Marks directories opaque for overlayfs. */
export async function setOpaque(dirs: string[]): Promise<void> {
  for (const bin of ['/usr/bin/setfattr', '/bin/setfattr']) {
    if (await executable(bin)) {
      for (const d of dirs) await runOk(bin, ['-n', 'trusted.overlay.opaque', '-v', 'y', d]);
      return;
    }
  }
  for (const py of ['/usr/bin/python3', '/usr/local/bin/python3']) {
    if (await executable(py)) { await runOk(py, ['-c', SETXATTR_PY, ...dirs]); return; }
  }
  throw new RuntimeError('Internal', 'cannot set trusted.overlay.opaque: neither setfattr nor python3 is installed');
}
