import { describe, expect, it } from 'vitest';
import { authFromDockerConfig, basicCredentials, parseChallenge } from './auth.js';

describe('parseChallenge', () => {
  it.each([
    ['docker hub bearer', 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"',
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/busybox:pull' } }],
    ['basic', 'Basic realm="Registry Realm"', { scheme: 'basic', params: { realm: 'Registry Realm' } }],
    ['unquoted + spaces', 'Bearer realm=https://x/t, service=reg', { scheme: 'bearer', params: { realm: 'https://x/t', service: 'reg' } }],
  ])('%s', (_n, header, want) => {
    expect(parseChallenge(header)).toEqual(want);
  });
});

describe('credentials', () => {
  const auth = Buffer.from('alice:s3:cret').toString('base64');
  it.each([
    ['explicit', { username: 'u', password: 'p' }, { username: 'u', password: 'p' }],
    ['auth field (password with colon)', { auth }, { username: 'alice', password: 's3:cret' }],
    ['none', {}, undefined],
  ])('%s', (_n, cfg, want) => {
    expect(basicCredentials(cfg)).toEqual(want);
  });

  it.each([
    ['docker hub legacy key', { auths: { 'https://index.docker.io/v1/': { auth } } }, 'docker.io', auth],
    ['host:port key', { auths: { '127.0.0.1:5000': { auth } } }, '127.0.0.1:5000', auth],
    ['https key', { auths: { 'https://quay.io': { auth } } }, 'quay.io', auth],
    ['legacy dockercfg', { 'quay.io': { auth } }, 'quay.io', auth],
    ['other registry', { auths: { 'quay.io': { auth } } }, 'docker.io', undefined],
  ])('dockerconfigjson: %s', (_n, doc, registry, want) => {
    expect(authFromDockerConfig(doc, registry)?.auth).toBe(want);
  });
});
