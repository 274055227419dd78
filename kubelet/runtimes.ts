// Building the node's runtime and image service from options: runc (real: ImageManager + runc +
// conmon + CNI under <root-dir>) or fake (hollow). Also the version string the Node reports.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../apimachinery/log.js';
import { ImageManager } from './images/index.js';
import type { ImageService, RuntimeService } from './runtime/index.js';
import { FakeImageService, FakeRuntime } from './runtime/fake/index.js';
import { RuncRuntime } from './runtime/runc/index.js';
import type { RuntimeKind } from './options.js';

const execFileP = promisify(execFile);

export interface NodeRuntime {
  name: RuntimeKind;
  runtime: RuntimeService;
  images: ImageService;
  /** "runc://1.1.5" / "fake://0.1.0" */
  version: string;
}

export async function runcVersion(binary = '/usr/sbin/runc'): Promise<string> {
  const { stdout } = await execFileP(binary, ['--version']).catch(() => ({ stdout: '' }));
  const m = /runc version (\d+\.\d+\.\d+)/.exec(stdout);
  return m?.[1] ?? 'unknown';
}

export interface RuntimeParams {
  rootDir: string;
  podCIDR: string;
  log: Logger;
  /** CNI bridge and network names (default k8ts0 / k8ts). */
  bridge?: string;
  networkName?: string;
}

export async function createRuntime(kind: RuntimeKind, o: RuntimeParams): Promise<NodeRuntime> {
  if (kind === 'fake') {
    return { name: 'fake', runtime: new FakeRuntime({ podCIDR: o.podCIDR }), images: new FakeImageService(), version: 'fake://0.1.0' };
  }
  const holder: { rt?: RuncRuntime } = {};
  const images = new ImageManager({ root: join(o.rootDir, 'images'), log: o.log.child({ part: 'images' }),
    layersInUse: async () => holder.rt?.layersInUse() ?? new Set() });
  await images.init();
  const rt = await RuncRuntime.create({ root: join(o.rootDir, 'runtime'), log: o.log.child({ part: 'runtime' }), images, network: { podCIDR: o.podCIDR, bridge: o.bridge, networkName: o.networkName } });
  holder.rt = rt;
  return { name: 'runc', runtime: rt, images, version: `runc://${await runcVersion()}` };
}
