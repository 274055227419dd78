// `k8ts image load`: a `docker save`-format archive lands in the node's image store under the name
// it carries, printed as `docker load` prints it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { entry } from '../../cluster/common/paths.js';
import { ImageManager } from '../../kubelet/images/index.js';
import { buildBusyboxLayout, testRegistryUnavailable } from '../images.js';

const unavailable = testRegistryUnavailable() ?? (existsSync(entry('cluster')) ? undefined : 'dist/ is not built (npm test builds it)');

describe.skipIf(!!unavailable)(`k8ts image load${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-image-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a docker-archive into $K8TS_HOME/kubelet/images', async () => {
    const layout = await buildBusyboxLayout(dir);
    const archive = join(dir, 'bb.tar');
    execFileSync('skopeo', ['copy', '-q', `oci:${layout}:1`, `docker-archive:${archive}:library/busybox:local`]);
    const home = join(dir, 'home');
    const r = spawnSync(process.execPath, [entry('cluster'), 'image', 'load', archive], { env: { ...process.env, K8TS_HOME: home }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Loaded image: docker.io/library/busybox:local\n');
    const images = new ImageManager({ root: join(home, 'kubelet', 'images'), log: silentLogger() });
    await images.init();
    const status = await images.imageStatus({ image: 'busybox:local' });
    expect(status?.repoTags).toContain('docker.io/library/busybox:local');
  });
});
