import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostsFile, resolvConf } from './podfiles.js';
import { resolveUser } from './user.js';

describe('pod files', () => {
  it('resolv.conf from a DNS config', () => {
    expect(resolvConf({ servers: ['10.96.0.10'], searches: ['default.svc.cluster.local', 'svc.cluster.local'], options: ['ndots:5'] }))
      .toBe('search default.svc.cluster.local svc.cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });
  it('hosts maps the pod IP to its hostname', () => {
    expect(hostsFile('web', '10.244.1.5')).toMatch(/^127\.0\.0\.1\tlocalhost$/m);
    expect(hostsFile('web', '10.244.1.5')).toMatch(/^10\.244\.1\.5\tweb$/m);
  });
});

describe('resolveUser', () => {
  let rootfs: string;
  beforeAll(async () => {
    rootfs = await mkdtemp(join(tmpdir(), 'k8ts-user-'));
    await mkdir(join(rootfs, 'etc'));
    await writeFile(join(rootfs, 'etc', 'passwd'), 'root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/app:/bin/sh\n');
    await writeFile(join(rootfs, 'etc', 'group'), 'root:x:0:\nstaff:x:50:\n');
  });
  afterAll(async () => { await rm(rootfs, { recursive: true, force: true }); });

  it.each([
    ['default root', undefined, undefined, undefined, { uid: 0, gid: 0 }],
    ['numeric image user', '1234', undefined, undefined, { uid: 1234, gid: 0 }],
    ['uid:gid', '5:6', undefined, undefined, { uid: 5, gid: 6 }],
    ['named user takes its group', 'app', undefined, undefined, { uid: 1000, gid: 1001 }],
    ['named user:group', 'app:staff', undefined, undefined, { uid: 1000, gid: 50 }],
    ['runAsUser wins', 'app', 2000, undefined, { uid: 2000, gid: 0 }],
    ['runAsUser of a passwd entry', undefined, 1000, undefined, { uid: 1000, gid: 1001 }],
    ['runAsGroup wins', 'app:staff', undefined, 7, { uid: 1000, gid: 7 }],
  ])('%s', async (_n, imageUser, runAsUser, runAsGroup, want) => {
    expect(await resolveUser(rootfs, imageUser, runAsUser, runAsGroup)).toEqual(want);
  });

  it('rejects unknown names and never reads through a symlink', async () => {
    await expect(resolveUser(rootfs, 'nobody')).rejects.toThrow(/not found/);
    const other = await mkdtemp(join(tmpdir(), 'k8ts-user-'));
    await mkdir(join(other, 'etc'));
    await symlink(join(rootfs, 'etc', 'passwd'), join(other, 'etc', 'passwd'));
    await expect(resolveUser(other, 'app')).rejects.toThrow(/not found/);
    await rm(other, { recursive: true, force: true });
  });
});
