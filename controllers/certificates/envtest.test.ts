// Kubelet TLS bootstrapping against the real API server (secure envtest: TLS, bootstrap tokens,
// Node,RBAC): a bootstrap-token user creates a kubelet client CSR, the controller-manager (as
// system:kube-controller-manager) auto-approves it after a SubjectAccessReview and signs it with
// the cluster CA; the root CA is published as kube-root-ca.crt.
import { CertificatesV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { newKeyAndCSR } from '../../apimachinery/pki/index.js';
import { etcdAvailable, etcdSkipReason, startEnvtest, type TestApiServer } from '../../test/envtest.js';
import { eventually } from '../../test/eventually.js';
import { run } from '../manager.js';
import { defaultOptions } from '../options.js';

describe.skipIf(!etcdAvailable)(`kubelet TLS bootstrapping through the controller-manager${etcdSkipReason}`, () => {
  let env: TestApiServer;
  const stop = new AbortController();
  let running: Promise<void>;

  beforeAll(async () => {
    env = await startEnvtest({ secure: { apiServer: { authorizationMode: ['Node', 'RBAC'], enableBootstrapTokenAuth: true } } });
    const pki = env.pki!;
    const cm = pki.kubeconfig('controller-manager', { cert: await pki.clientCert('system:kube-controller-manager') });
    const kc = new KubeConfig();
    kc.loadFromFile(cm);
    running = run({
      ...defaultOptions(),
      kubeConfig: kc,
      logger: silentLogger(),
      leaderElect: false,
      controllers: ['csrsigning', 'csrapproving', 'root-ca-cert-publisher'],
      clusterSigningCertFile: pki.caFile,
      clusterSigningKeyFile: `${pki.dir}/ca.key`,
      rootCaFile: pki.caFile,
    }, stop.signal);
  });

  afterAll(async () => {
    stop.abort();
    await running;
    await env?.stop();
  });

  it('a bootstrap token user gets a signed kubelet client certificate', async () => {
    const admin = env.kubeConfig().makeApiClient(CoreV1Api);
    await admin.createNamespacedSecret({
      namespace: 'kube-system',
      body: {
        metadata: { name: 'bootstrap-token-abcdef' },
        type: 'bootstrap.kubernetes.io/token',
        stringData: { 'token-id': 'abcdef', 'token-secret': '0123456789abcdef', 'usage-bootstrap-authentication': 'true', 'auth-extra-groups': 'system:bootstrappers:k8ts:default-node-token' },
      },
    });
    // kubeadm binds system:node-bootstrapper (create CSRs) to the bootstrappers group.
    await env.kubectl(['create', 'clusterrolebinding', 'bootstrappers-csr', '--clusterrole=system:node-bootstrapper', '--group=system:bootstrappers']);
    const kc = new KubeConfig();
    kc.loadFromFile(env.pki!.kubeconfig('bootstrap', { token: 'abcdef.0123456789abcdef' }));
    const certs = kc.makeApiClient(CertificatesV1Api);
    const { csrPem } = await newKeyAndCSR('system:node:joiner', ['system:nodes']);
    await certs.createCertificateSigningRequest({
      body: {
        metadata: { name: 'node-csr-joiner' },
        spec: { request: Buffer.from(csrPem).toString('base64'), signerName: 'kubernetes.io/kube-apiserver-client-kubelet', usages: ['digital signature', 'client auth'] },
      },
    });
    const csr = await eventually('the CSR to be signed', async () => {
      const c = await certs.readCertificateSigningRequest({ name: 'node-csr-joiner' });
      return c.status?.certificate ? c : undefined;
    });
    expect(csr.spec.username).toBe('system:bootstrap:abcdef');
    expect(csr.status?.conditions?.find((c) => c.type === 'Approved')).toMatchObject({ status: 'True', reason: 'AutoApproved' });
    const x = new X509Certificate(Buffer.from(csr.status!.certificate!, 'base64'));
    expect(x.subject.split('\n')).toEqual(['O=system:nodes', 'CN=system:node:joiner']);
    expect(x.checkIssued(new X509Certificate(env.pki!.ca.certPem))).toBe(true);
  });

  it('publishes kube-root-ca.crt in every namespace', async () => {
    const core = env.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'rootca-test' } } });
    for (const ns of ['default', 'kube-system', 'rootca-test']) {
      const cm = await eventually(`kube-root-ca.crt in ${ns}`, () => core.readNamespacedConfigMap({ namespace: ns, name: 'kube-root-ca.crt' }).catch(() => undefined));
      expect(cm.data?.['ca.crt']).toBe(env.pki!.ca.certPem);
    }
  });
});
