import { describe, expect, it } from 'vitest';
import { parseApiServerFlags } from './options.js';

describe('kube-apiserver security flags', () => {
  it('defaults: no TLS, no authenticators, AlwaysAllow, anonymous on, bootstrap tokens off', () => {
    const o = parseApiServerFlags([]);
    expect(o.tlsCertFile).toBeUndefined();
    expect(o.authorizationMode).toBeUndefined();
    expect(o.anonymousAuth).toBe(true);
    expect(o.enableBootstrapTokenAuth).toBe(false);
  });

  it('parses the flags kube-apiserver uses (the launcher\'s command line)', () => {
    const o = parseApiServerFlags([
      '--tls-cert-file', 'a.crt', '--tls-private-key-file', 'a.key', '--client-ca-file', 'ca.crt', '--token-auth-file', 't.csv',
      '--service-account-key-file', 'sa.pub', '--service-account-key-file', 'old.pub', '--service-account-signing-key-file', 'sa.key',
      '--service-account-issuer', 'https://k8ts', '--api-audiences', 'a,b', '--authorization-mode', 'Node,RBAC', '--enable-bootstrap-token-auth',
      '--kubelet-client-certificate', 'k.crt', '--kubelet-client-key', 'k.key', '--kubelet-certificate-authority', 'ca.crt',
      '--disable-admission-plugins', 'ServiceAccount', '--service-account-max-token-expiration', '48h',
    ]);
    expect(o).toMatchObject({
      tlsCertFile: 'a.crt', tlsPrivateKeyFile: 'a.key', clientCAFile: 'ca.crt', tokenAuthFile: 't.csv',
      serviceAccountKeyFiles: ['sa.pub', 'old.pub'], serviceAccountSigningKeyFile: 'sa.key', serviceAccountIssuers: ['https://k8ts'],
      apiAudiences: ['a', 'b'], authorizationMode: ['Node', 'RBAC'], enableBootstrapTokenAuth: true,
      kubeletClientCertificate: 'k.crt', kubeletClientKey: 'k.key', kubeletCertificateAuthority: 'ca.crt',
      disableAdmissionPlugins: ['ServiceAccount'], serviceAccountMaxTokenExpirationSeconds: 172800,
    });
  });

  it.each([
    ['--anonymous-auth=false', { anonymousAuth: false }],
    ['--anonymous-auth', { anonymousAuth: true }],
    ['--enable-bootstrap-token-auth=true', { enableBootstrapTokenAuth: true }],
  ])('Go-style boolean %s', (flag, want) => expect(parseApiServerFlags([flag])).toMatchObject(want));

  it('refuses a boolean that is not one', () => expect(() => parseApiServerFlags(['--anonymous-auth=maybe'])).toThrow(/true or false/));

  it.each([
    ['24h', 86400],
    ['1h30m', 5400],
    ['600s', 600],
    ['1.5h', 5400],
    ['90m0.5s', 5400],
  ])('--service-account-max-token-expiration=%s is %d s', (v, s) => expect(parseApiServerFlags([`--service-account-max-token-expiration=${v}`]).serviceAccountMaxTokenExpirationSeconds).toBe(s));
  it('refuses a bad duration', () => expect(() => parseApiServerFlags(['--service-account-max-token-expiration', '10 days'])).toThrow(/invalid argument "10 days"/));
  it.each([['--anonymous-auth=F', false], ['--anonymous-auth=1', true]])('Go strconv.ParseBool spelling %s', (flag, want) => expect(parseApiServerFlags([flag]).anonymousAuth).toBe(want));
});
