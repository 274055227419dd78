// Joining, without a cluster: bootstrap token format and Secret, flags, CA discovery against a real
// TLS server (right hash accepted, wrong hash and foreign chains refused), CSR status handling.
import { createServer, type Server } from 'node:tls';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caCertHash, issueCert, newCA, type CA } from '../../apimachinery/pki/index.js';
import {
  bootstrapTokenSecret, discoverClusterCA, DiscoveryError, generateToken, issuedCertificate, joinCommand, parseCAHash,
  parseJoinFlags, parseTTL, parseToken,
} from '../../cluster/join/index.js';
import { csrObject } from '../../cluster/join/csr.js';
import { cgroupMountsToRestore, parseMountinfo } from '../../cluster/join/cgroups.js';


describe('bootstrap tokens', () => {
  it('generates kubeadm-shaped tokens and parses them back', () => {
    const t = generateToken();
    expect(t.id).toMatch(/^[a-z0-9]{6}$/);
    expect(t.secret).toMatch(/^[a-z0-9]{16}$/);
    expect(parseToken(`${t.id}.${t.secret}`)).toEqual(t);
    expect(parseToken('abc.def')).toBeUndefined();
    expect(parseToken('ABCDEF.0123456789abcdef')).toBeUndefined();
  });

  it('stores the token as the Secret the bootstrap authenticator reads', () => {
    const s = bootstrapTokenSecret({ id: 'abcdef', secret: '0123456789abcdef' }, new Date('2030-01-02T03:04:05.678Z'));
    const d = (k: string): string => Buffer.from(s.data![k]!, 'base64').toString();
    expect(s.metadata).toEqual({ name: 'bootstrap-token-abcdef', namespace: 'kube-system' });
    expect(s.type).toBe('bootstrap.kubernetes.io/token');
    expect(d('token-id')).toBe('abcdef');
    expect(d('token-secret')).toBe('0123456789abcdef');
    expect(d('usage-bootstrap-authentication')).toBe('true');
    expect(d('expiration')).toBe('2030-01-02T03:04:05Z');
    expect(d('auth-extra-groups')).toMatch(/^system:bootstrappers:/);
  });

  it('prints the join line', () => {
    expect(joinCommand('https://10.0.0.1:6443', { id: 'abcdef', secret: '0123456789abcdef' }, 'sha256:00'))
      .toBe('k8ts join https://10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:00');
  });

  it('parses --ttl durations', () => {
    expect(parseTTL('24h')).toBe(86_400_000);
    expect(parseTTL('1h30m')).toBe(5_400_000);
    expect(parseTTL('2h0m0s')).toBe(7_200_000);
    expect(() => parseTTL('tomorrow')).toThrow(/duration/);
    expect(() => parseTTL('0s')).toThrow(/positive/);
  });
});

describe('join flags', () => {
  it('needs a URL, a well-formed token and the CA hash', () => {
    const o = parseJoinFlags(['https://10.1.2.3:6443', '--token', 'abcdef.0123456789abcdef', '--discovery-token-ca-cert-hash', 'sha256:ab', '--node-name', 'Worker-1', '--node-ip', '10.1.2.4']);
    expect(o).toMatchObject({ server: 'https://10.1.2.3:6443', token: { id: 'abcdef' }, nodeName: 'worker-1', nodeIP: '10.1.2.4', clusterCIDR: '10.244.0.0/16' });
    expect(parseJoinFlags(['10.1.2.3:6443', '--token', 'abcdef.0123456789abcdef', '--discovery-token-ca-cert-hash', 'sha256:ab']).server).toBe('https://10.1.2.3:6443');
    expect(() => parseJoinFlags(['https://x:1', '--token', 'nope', '--discovery-token-ca-cert-hash', 'sha256:ab'])).toThrow(/--token/);
    expect(() => parseJoinFlags(['https://x:1', '--token', 'abcdef.0123456789abcdef'])).toThrow(/ca-cert-hash/);
    expect(() => parseJoinFlags(['--token', 'abcdef.0123456789abcdef'])).toThrow(/usage/);
  });

  it('parses CA hashes', () => {
    expect(parseCAHash(`sha256:${'AB'.repeat(32)}`)).toBe(`sha256:${'ab'.repeat(32)}`);
    expect(parseCAHash('sha256:abc')).toBeUndefined();
    expect(parseCAHash(`md5:${'ab'.repeat(32)}`)).toBeUndefined();
  });
});

describe('cgroup mounts under ip netns exec', () => {
  it('redoes the /sys/fs/cgroup tmpfs first, then each hierarchy with its options', () => {
    const host = parseMountinfo([
      '23 1 0:21 / /sys rw,nosuid - sysfs sysfs rw',
      '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
      '40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd',
      '32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
      '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
      '50 31 0:40 / /sys/fs/cgroup/other rw - fuse x rw',
    ].join('\n'));
    expect(cgroupMountsToRestore(host).map((m) => [m.mountPoint, m.fsType, m.superOptions])).toEqual([
      ['/sys/fs/cgroup', 'tmpfs', 'rw,mode=755'],
      ['/sys/fs/cgroup/systemd', 'cgroup', 'rw,name=systemd'],
      ['/sys/fs/cgroup/cpu', 'cgroup', 'rw,cpu'],
      ['/sys/fs/cgroup/unified', 'cgroup2', 'rw'],
    ]);
  });
});

describe('CSR status', () => {
  it('builds a v1 CSR and reads pending / issued / denied', () => {
    const o = csrObject({ namePrefix: 'node-csr-a', csrPem: 'PEM', signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'] });
    expect(o.metadata?.name).toMatch(/^node-csr-a-[0-9a-f]{8}$/);
    expect(Buffer.from(o.spec.request, 'base64').toString()).toBe('PEM');
    expect(issuedCertificate(o)).toBeUndefined();
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(issuedCertificate({ ...o, status: { certificate: Buffer.from(pem).toString('base64'), conditions: [{ type: 'Approved', status: 'True' }] } })).toBe(pem);
    expect(() => issuedCertificate({ ...o, status: { conditions: [{ type: 'Denied', status: 'True', reason: 'NotMine' }] } })).toThrow(/denied: NotMine/);
  });
});

describe('CA discovery against a TLS server', () => {
  let dir: string;
  let ca: CA;
  let other: CA;
  const servers: Server[] = [];

  async function serve(certPem: string, keyPem: string): Promise<string> {
    const srv = createServer({ cert: certPem, key: keyPem }, (s) => s.end());
    servers.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return `https://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'k8ts-join-'));
    ca = await newCA(join(dir, 'ca'), 'k8ts-ca');
    other = await newCA(join(dir, 'other'), 'other-ca');
  });
  afterAll(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the served CA whose hash matches, refuses any other', async () => {
    const leaf = await issueCert({ ca, cn: 'kube-apiserver', sans: ['127.0.0.1'], usage: 'server' });
    const url = await serve(leaf.certPem + ca.certPem, leaf.keyPem);
    const got = await discoverClusterCA(url, caCertHash(ca.certPem));
    expect(caCertHash(got)).toBe(caCertHash(ca.certPem));
    const wrong = discoverClusterCA(url, caCertHash(other.certPem));
    await expect(wrong).rejects.toBeInstanceOf(DiscoveryError);
    await expect(wrong).rejects.toThrow(/refusing .* no certificate it serves has the CA hash/);
  });

  it('refuses a chain whose CA did not issue the serving certificate', async () => {
    // A server presenting the real CA's certificate after a leaf signed by another CA.
    const leaf = await issueCert({ ca: other, cn: 'impostor', sans: ['127.0.0.1'], usage: 'server' });
    const url = await serve(leaf.certPem + ca.certPem, leaf.keyPem);
    // (Node links the served chain by issuer, so the unrelated CA is not even part of it.)
    await expect(discoverClusterCA(url, caCertHash(ca.certPem))).rejects.toThrow(/refusing 127\.0\.0\.1:\d+: (no certificate it serves|its serving certificate was not issued)/);
  });

  it('refuses plain http and malformed hashes before connecting', async () => {
    await expect(discoverClusterCA('http://127.0.0.1:1', caCertHash(ca.certPem))).rejects.toThrow(/https/);
    await expect(discoverClusterCA('https://127.0.0.1:1', 'sha256:xyz')).rejects.toThrow(/64 hex/);
  });
});
