// Persisted records of sandboxes and containers (one JSON file each under <root>), so a restarted
// runtime re-adopts what is running: live status is derived from these plus conmon's exit files.
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerConfig, PodSandboxConfig } from '../types.js';

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

export class StateStore {
  constructor(private readonly root: string) {}

  private dir(kind: 'sandboxes' | 'containers'): string { return join(this.root, kind); }
  private file(kind: 'sandboxes' | 'containers', id: string): string { return join(this.root, kind, id, 'state.json'); }

  async init(): Promise<void> {
    await mkdir(this.dir('sandboxes'), { recursive: true });
    await mkdir(this.dir('containers'), { recursive: true });
  }

  async putSandbox(r: SandboxRecord): Promise<void> { await this.write('sandboxes', r.id, r); }
  async putContainer(r: ContainerRecord): Promise<void> { await this.write('containers', r.id, r); }
  getSandbox(id: string): Promise<SandboxRecord | undefined> { return this.read<SandboxRecord>('sandboxes', id); }
  getContainer(id: string): Promise<ContainerRecord | undefined> { return this.read<ContainerRecord>('containers', id); }
  listSandboxes(): Promise<SandboxRecord[]> { return this.list<SandboxRecord>('sandboxes'); }
  listContainers(): Promise<ContainerRecord[]> { return this.list<ContainerRecord>('containers'); }

  /** Removes the record and the object's whole directory. */
  async drop(kind: 'sandboxes' | 'containers', id: string): Promise<void> {
    await rm(join(this.dir(kind), id), { recursive: true, force: true });
  }

  private async write(kind: 'sandboxes' | 'containers', id: string, r: object): Promise<void> {
    const p = this.file(kind, id);
    await mkdir(join(this.dir(kind), id), { recursive: true });
    await writeFile(`${p}.tmp`, JSON.stringify(r));
    await rename(`${p}.tmp`, p);
  }

  private async read<T>(kind: 'sandboxes' | 'containers', id: string): Promise<T | undefined> {
    if (!/^[a-f0-9]{8,64}$/.test(id)) return undefined;
    try {
      return JSON.parse(await readFile(this.file(kind, id), 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  private async list<T>(kind: 'sandboxes' | 'containers'): Promise<T[]> {
    const out: T[] = [];
    for (const id of await readdir(this.dir(kind)).catch(() => [] as string[])) {
      const r = await this.read<T>(kind, id);
      if (r) out.push(r);
    }
    return out;
  }
}
