// csrapproving + csrsigning over the fake CSR API, with real keys, CSRs and a real CA.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../apimachinery/log.js';
import { newCA, newKeyAndCSR, type CA } from '../../apimachinery/pki/index.js';
import { settle } from '../testing/index.js';
import { CSRApprovingController, CSRSigningController, Signers, condition, type CSR } from './index.js';
import { FakeCSRApi } from './testing.js';

const clientUsages = ['digital signature', 'key encipherment', 'client auth'];
const bootstrapUser = { username: 'system:bootstrap:abcdef', groups: ['system:bootstrappers', 'system:authenticated'] };

async function csrObject(name: string, o: { cn: string; org?: string[]; sans?: string[]; signer?: string; usages?: string[]; username?: string; groups?: string[]; expirationSeconds?: number }): Promise<CSR> {
  const { csrPem } = await newKeyAndCSR(o.cn, o.org ?? ['system:nodes'], { sans: o.sans });
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: {
      request: Buffer.from(csrPem).toString('base64'),
      signerName: o.signer ?? Signers.kubeletClient,
      usages: o.usages ?? clientUsages,
      username: o.username ?? bootstrapUser.username,
      groups: o.groups ?? bootstrapUser.groups,
      expirationSeconds: o.expirationSeconds,
    },
  };
}

const approved = (c: CSR): CSR => ({ ...c, status: { conditions: [{ type: 'Approved', status: 'True', reason: 'Test', message: 'ok' }] } });
const cert = (c: CSR | undefined): X509Certificate => new X509Certificate(Buffer.from(c?.status?.certificate ?? '', 'base64'));

describe('certificate controllers', () => {
  let dir: string;
  let ca: CA;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'csr-test-'));
    ca = await newCA(dir, 'test-ca');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('CSRApprovingController', () => {
    const setup = (allow: (sub: string | undefined, user: string) => boolean) => {
      const api = new FakeCSRApi((c) => allow(c.subresource, c.user));
      const ctl = new CSRApprovingController(api.informer, api, silentLogger());
      return { api, ctl };
    };

    it('approves a bootstrapper\'s kubelet client CSR after a nodeclient SubjectAccessReview', async () => {
      const { api, ctl } = setup((sub) => sub === 'nodeclient');
      api.add(await csrObject('node-csr-1', { cn: 'system:node:n1' }));
      await settle([ctl.controller]);
      const c = api.get('node-csr-1')!;
      expect(c.status?.conditions?.[0]).toMatchObject({ type: 'Approved', status: 'True', reason: 'AutoApproved' });
      expect(api.checks).toEqual([expect.objectContaining({ user: bootstrapUser.username, groups: bootstrapUser.groups, group: 'certificates.k8s.io', resource: 'certificatesigningrequests', subresource: 'nodeclient', verb: 'create' })]);
      expect(api.writes).toEqual(['approval node-csr-1']);
    });

    it('a node renewing its own certificate is checked against selfnodeclient', async () => {
      const { api, ctl } = setup((sub) => sub === 'selfnodeclient');
      api.add(await csrObject('renew', { cn: 'system:node:n1', username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] }));
      await settle([ctl.controller]);
      expect(api.checks.map((c) => c.subresource)).toEqual(['selfnodeclient']);
      expect(condition(api.get('renew')!, 'Approved')).toBe(true);
    });

    it('leaves the CSR pending when the SubjectAccessReview says no', async () => {
      const { api, ctl } = setup(() => false);
      api.add(await csrObject('x', { cn: 'system:node:n1', username: 'mallory', groups: ['system:authenticated'] }));
      await settle([ctl.controller]);
      expect(api.checks).toHaveLength(1);
      expect(api.writes).toEqual([]);
    });

    it.each([
      ['another signer', { cn: 'system:node:n1', signer: Signers.apiserverClient }],
      ['a CN that is not a node', { cn: 'admin' }],
      ['O other than system:nodes', { cn: 'system:node:n1', org: ['system:masters'] }],
      ['two organisations', { cn: 'system:node:n1', org: ['system:nodes', 'system:masters'] }],
      ['server auth usage', { cn: 'system:node:n1', usages: ['digital signature', 'server auth'] }],
      ['SANs', { cn: 'system:node:n1', sans: ['n1'] }],
    ])('does not approve (or even ask) for %s', async (_name, o) => {
      const { api, ctl } = setup(() => true);
      api.add(await csrObject('x', o));
      await settle([ctl.controller]);
      expect(api.checks).toEqual([]);
      expect(api.writes).toEqual([]);
    });

    it.each([
      ['approves a node\'s own serving certificate', 'system:node:n1', ['system:nodes', 'system:authenticated'], true],
      ['not one asked for another node', 'system:node:n2', ['system:nodes', 'system:authenticated'], false],
      ['not one asked by a non-node user', 'system:node:n1', ['system:authenticated'], false],
    ])('kubelet serving CSRs: %s', async (_what, username, groups, expected) => {
      const { api, ctl } = setup(() => true);
      api.add(await csrObject('serving', { cn: 'system:node:n1', sans: ['10.0.0.1', 'n1'], signer: Signers.kubeletServing, usages: ['digital signature', 'key encipherment', 'server auth'], username, groups }));
      await settle([ctl.controller]);
      expect(condition(api.get('serving')!, 'Approved')).toBe(expected);
    });

    it('leaves already approved or denied CSRs alone', async () => {
      const { api, ctl } = setup(() => true);
      const denied = await csrObject('denied', { cn: 'system:node:n1' });
      denied.status = { conditions: [{ type: 'Denied', status: 'True', reason: 'No', message: 'no' }] };
      api.add(denied);
      api.add(approved(await csrObject('approved', { cn: 'system:node:n1' })));
      await settle([ctl.controller]);
      expect(api.writes).toEqual([]);
    });
  });

  describe('CSRSigningController', () => {
    const setup = (maxDurationMs?: number) => {
      const api = new FakeCSRApi();
      const ctl = new CSRSigningController(api.informer, api, silentLogger(), { ca: () => Promise.resolve(ca), maxDurationMs });
      return { api, ctl };
    };

    it('signs an approved kubelet client CSR: subject kept, clientAuth, chained to the CA', async () => {
      const { api, ctl } = setup();
      api.add(approved(await csrObject('c1', { cn: 'system:node:n1' })));
      await settle([ctl.controller]);
      const x = cert(api.get('c1'));
      expect(x.subject.split('\n')).toEqual(['O=system:nodes', 'CN=system:node:n1']);
      expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
      expect(x.checkIssued(new X509Certificate(ca.certPem))).toBe(true);
      expect(x.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
      // Level-based: a second look at a signed CSR writes nothing.
      ctl.controller.enqueue('c1');
      await settle([ctl.controller]);
      expect(api.writes).toEqual(['status c1']);
    });

    it('does not sign a pending CSR', async () => {
      const { api, ctl } = setup();
      api.add(await csrObject('pending', { cn: 'system:node:n1' }));
      await settle([ctl.controller]);
      expect(api.get('pending')?.status?.certificate).toBeUndefined();
      expect(api.writes).toEqual([]);
    });

    it('signs a kubelet serving CSR with its SANs and serverAuth', async () => {
      const { api, ctl } = setup();
      api.add(approved(await csrObject('s1', { cn: 'system:node:n1', sans: ['n1', '10.1.2.3'], signer: Signers.kubeletServing, usages: ['digital signature', 'server auth'] })));
      await settle([ctl.controller]);
      const x = cert(api.get('s1'));
      expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
      expect(x.subjectAltName).toBe('DNS:n1, IP Address:10.1.2.3');
    });

    it('signs kube-apiserver-client CSRs for any user', async () => {
      const { api, ctl } = setup();
      api.add(approved(await csrObject('u1', { cn: 'jane', org: ['devs'], signer: Signers.apiserverClient, usages: ['client auth'] })));
      await settle([ctl.controller]);
      expect(cert(api.get('u1')).subject.split('\n')).toEqual(['O=devs', 'CN=jane']);
    });

    it.each([
      ['server auth from a client signer', { cn: 'jane', org: [], signer: Signers.apiserverClient, usages: ['server auth'] }],
      ['a serving CSR without SANs', { cn: 'system:node:n1', signer: Signers.kubeletServing, usages: ['server auth'] }],
      ['a kubelet client CSR for a non-node', { cn: 'jane', org: ['system:nodes'] }],
    ])('marks %s Failed instead of signing', async (_n, o) => {
      const { api, ctl } = setup();
      api.add(approved(await csrObject('bad', o)));
      await settle([ctl.controller]);
      const c = api.get('bad')!;
      expect(c.status?.certificate).toBeUndefined();
      expect(c.status?.conditions?.find((x) => x.type === 'Failed')).toMatchObject({ status: 'True', reason: 'SignerValidationFailure' });
    });

    it('ignores signers it does not own', async () => {
      const { api, ctl } = setup();
      api.add(approved(await csrObject('other', { cn: 'x', signer: 'example.com/custom' })));
      await settle([ctl.controller]);
      expect(api.writes).toEqual([]);
    });

    it('honours a shorter spec.expirationSeconds', async () => {
      const { api, ctl } = setup();
      api.add(approved(await csrObject('short', { cn: 'system:node:n1', expirationSeconds: 3600 })));
      await settle([ctl.controller]);
      const x = cert(api.get('short'));
      expect(new Date(x.validTo).getTime() - new Date(x.validFrom).getTime()).toBeLessThanOrEqual(86_400_000);
    });
  });

  it('together: a bootstrapper\'s CSR is approved, then signed', async () => {
    const api = new FakeCSRApi((c) => c.subresource === 'nodeclient' && c.groups.includes('system:bootstrappers'));
    const approver = new CSRApprovingController(api.informer, api, silentLogger());
    const signer = new CSRSigningController(api.informer, api, silentLogger(), { ca: () => Promise.resolve(ca) });
    api.add(await csrObject('join', { cn: 'system:node:n9' }));
    await settle([approver.controller, signer.controller]);
    expect(cert(api.get('join')).subject).toContain('CN=system:node:n9');
    expect(api.writes).toEqual(['approval join', 'status join']);
  });
});
