// Persisted records of sandboxes and containers (one JSON file each under <root>), so a restarted
// runtime re-adopts what is running: live status is derived from these plus conmon's exit files.
// The runtime owning the root is the only writer, so (with `cache`) records are loaded once at init
// and served from memory (lists and lookups cost no file reads); writes go to the file, then to the
// cache. An observer of another process's state (tests) reads the files every time.
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerConfig, PodSandboxConfig } from '../index.js';

export interface SandboxRecord {
  id: string;
  config: PodSandboxConfig;
  createdAt: number;
  /** Absent for hostNetwork sandboxes. */
  netnsName?: string;
  ip?: string;
  cgroupParent: string;
  /** Host PID of the pause process (for /proc/<pid>/ns/{ipc,uts,pid}). */
  pausePid?: number;
  /** Set once stopPodSandbox ran. */
  stopped: boolean;
}

export interface ContainerRecord {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  /** The image id the rootfs was built from. */
  imageRef: string;
  /** diff_ids of the layers under the rootfs (kept by image GC while the container exists). */
  layers: string[];
  createdAt: number;
  /** 0 until startContainer succeeded. */
  startedAt: number;
  /** Set once conmon reported the container created. */
  created: boolean;
  pid?: number;
  logPath: string;
  cgroupsPath: string;
}

type Kind = 'sandboxes' | 'containers';

export class StateStore {
  /** Per kind, every record by id once the directory has been read (undefined before). */
  private readonly cache: Record<Kind, Map<string, object> | undefined> = { sandboxes: undefined, containers: undefined };

  constructor(private readonly root: string, private readonly useCache = true) {}

  private dir(kind: 'sandboxes' | 'containers'): string { return join(this.root, kind); }
  private file(kind: 'sandboxes' | 'containers', id: string): string { return join(this.root, kind, id, 'state.json'); }

  async init(): Promise<void> {
    await mkdir(this.dir('sandboxes'), { recursive: true });
    await mkdir(this.dir('containers'), { recursive: true });
    if (!this.useCache) return;
    for (const kind of ['sandboxes', 'containers'] as const) {
      const loaded = new Map<string, object>();
      for (const id of await readdir(this.dir(kind)).catch(() => [] as string[])) {
        if (!/^[a-f0-9]{8,64}$/.test(id)) continue;
        const r = await this.readFile<object>(kind, id);
        if (r) loaded.set(id, r);
      }
      this.cache[kind] = loaded;
    }
  }

  async putSandbox(r: SandboxRecord): Promise<void> { await this.write('sandboxes', r.id, r); }
  async putContainer(r: ContainerRecord): Promise<void> { await this.write('containers', r.id, r); }
  getSandbox(id: string): Promise<SandboxRecord | undefined> { return this.read<SandboxRecord>('sandboxes', id); }
  getContainer(id: string): Promise<ContainerRecord | undefined> { return this.read<ContainerRecord>('containers', id); }
  listSandboxes(): Promise<SandboxRecord[]> { return this.list<SandboxRecord>('sandboxes'); }
  listContainers(): Promise<ContainerRecord[]> { return this.list<ContainerRecord>('containers'); }

  /** Removes the record and the object's whole directory. */
  async drop(kind: Kind, id: string): Promise<void> {
    this.cache[kind]?.delete(id);
    await rm(join(this.dir(kind), id), { recursive: true, force: true });
  }

  private async write(kind: Kind, id: string, r: object): Promise<void> {
    const p = this.file(kind, id);
    await mkdir(join(this.dir(kind), id), { recursive: true });
    const text = JSON.stringify(r);
    await writeFile(`${p}.tmp`, text);
    await rename(`${p}.tmp`, p);
    this.cache[kind]?.set(id, JSON.parse(text) as object);
  }

  private async read<T>(kind: Kind, id: string): Promise<T | undefined> {
    if (!/^[a-f0-9]{8,64}$/.test(id)) return undefined;
    const cached = this.cache[kind];
    if (cached) {
      const r = cached.get(id);
      return r === undefined ? undefined : structuredClone(r) as T;
    }
    return this.readFile<T>(kind, id);
  }

  private async readFile<T>(kind: Kind, id: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.file(kind, id), 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  private async list<T>(kind: Kind): Promise<T[]> {
    const cached = this.cache[kind];
    // Lists hand out the cached records themselves (callers only read them; get() gives a copy to change).
    if (cached) return [...cached.values()] as T[];
    const out: T[] = [];
    for (const id of await readdir(this.dir(kind)).catch(() => [] as string[])) {
      const r = await this.read<T>(kind, id);
      if (r) out.push(r);
    }
    return out;
  }
}
