// API server options: Kubernetes' flag names, parsed into one typed object.
import { parseArgs } from 'node:util';
import type { ApiServerOptions } from './server/config.js';

export type { ApiServerOptions };

export const defaultApiServerOptions: Omit<ApiServerOptions, 'etcdServers'> = {
  bindAddress: '127.0.0.1',
  securePort: 6443,
  advertiseAddress: '127.0.0.1',
  serviceClusterIPRange: '10.96.0.0/12',
  serviceNodePortRange: '30000-32767',
  logLevel: 'info',
};

const boolFlags = ['anonymous-auth', 'enable-bootstrap-token-auth'];

/** Go-style booleans: `--flag` and `--flag=true|false` (parseArgs only knows the bare form). */
function normalizeBools(argv: string[]): string[] {
  return argv.map((a) => (boolFlags.some((f) => a === `--${f}`) ? `${a}=true` : a));
}

function bool(flag: string, v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new Error(`invalid value "${v}" for --${flag}: want true or false`);
}

const csv = (v: string | undefined): string[] | undefined => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean));
const multi = (v: string[] | undefined): string[] | undefined => (v === undefined || v.length === 0 ? undefined : v.flatMap((s) => csv(s) ?? []));

export function parseApiServerFlags(argv: string[]): ApiServerOptions {
  const { values } = parseArgs({
    args: normalizeBools(argv),
    options: {
      'etcd-servers': { type: 'string', default: 'http://127.0.0.1:2379' },
      'bind-address': { type: 'string', default: defaultApiServerOptions.bindAddress },
      'secure-port': { type: 'string', default: String(defaultApiServerOptions.securePort) },
      'advertise-address': { type: 'string' },
      'service-cluster-ip-range': { type: 'string', default: defaultApiServerOptions.serviceClusterIPRange },
      'service-node-port-range': { type: 'string', default: defaultApiServerOptions.serviceNodePortRange },
      'tls-cert-file': { type: 'string' },
      'tls-private-key-file': { type: 'string' },
      'client-ca-file': { type: 'string' },
      'token-auth-file': { type: 'string' },
      'service-account-issuer': { type: 'string', multiple: true },
      'service-account-key-file': { type: 'string', multiple: true },
      'service-account-signing-key-file': { type: 'string' },
      'service-account-max-token-expiration': { type: 'string' },
      'api-audiences': { type: 'string' },
      'authorization-mode': { type: 'string' },
      'anonymous-auth': { type: 'string' },
      'enable-bootstrap-token-auth': { type: 'string' },
      'enable-admission-plugins': { type: 'string' },
      'disable-admission-plugins': { type: 'string' },
      'kubelet-client-certificate': { type: 'string' },
      'kubelet-client-key': { type: 'string' },
      'kubelet-certificate-authority': { type: 'string' },
      v: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      'port-file': { type: 'string' },
    },
    strict: true,
  });
  const bind = values['bind-address']!;
  const maxExp = values['service-account-max-token-expiration'];
  return {
    etcdServers: values['etcd-servers']!.split(',').map((s) => s.trim()).filter(Boolean),
    bindAddress: bind,
    securePort: Number(values['secure-port']),
    advertiseAddress: values['advertise-address'] ?? (bind === '0.0.0.0' ? '127.0.0.1' : bind),
    serviceClusterIPRange: values['service-cluster-ip-range']!,
    serviceNodePortRange: values['service-node-port-range']!,
    tlsCertFile: values['tls-cert-file'],
    tlsPrivateKeyFile: values['tls-private-key-file'],
    clientCAFile: values['client-ca-file'],
    tokenAuthFile: values['token-auth-file'],
    serviceAccountIssuers: multi(values['service-account-issuer']),
    serviceAccountKeyFiles: multi(values['service-account-key-file']),
    serviceAccountSigningKeyFile: values['service-account-signing-key-file'],
    serviceAccountMaxTokenExpirationSeconds: maxExp === undefined ? undefined : parseDurationSeconds(maxExp),
    apiAudiences: csv(values['api-audiences']),
    authorizationMode: csv(values['authorization-mode']),
    anonymousAuth: bool('anonymous-auth', values['anonymous-auth'], true),
    enableBootstrapTokenAuth: bool('enable-bootstrap-token-auth', values['enable-bootstrap-token-auth'], false),
    enableAdmissionPlugins: csv(values['enable-admission-plugins']),
    disableAdmissionPlugins: csv(values['disable-admission-plugins']),
    kubeletClientCertificate: values['kubelet-client-certificate'],
    kubeletClientKey: values['kubelet-client-key'],
    kubeletCertificateAuthority: values['kubelet-certificate-authority'],
    logLevel: values.v !== undefined ? (Number(values.v) >= 4 ? 'debug' : 'info') : values['log-level']!,
    portFile: values['port-file'],
  };
}

/** Go durations as flags use them (`24h`, `90m`, `3600s`, `1h30m`) → seconds. */
export function parseDurationSeconds(v: string): number {
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)([hms])/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(v)) !== null) {
    total += Number(m[1]) * unit[m[2]];
    end = re.lastIndex;
  }
  if (v === '' || end !== v.length) throw new Error(`invalid duration "${v}" (e.g. 24h, 90m, 3600s)`);
  return Math.floor(total);
}
