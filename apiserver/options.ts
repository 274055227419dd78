// API server options: Kubernetes' flag names, parsed into one typed object.
import { durationFlag, listFlag, logFlags, logLevelOf, parseFlags, type FlagDefs } from '../apimachinery/component/index.js';
import type { ApiServerOptions } from './server/config.js';
import { defaultControllerManagerHealthzURL, defaultSchedulerHealthzURL } from './server/component-health.js';

export type { ApiServerOptions };

export const defaultApiServerOptions: Omit<ApiServerOptions, 'etcdServers'> = {
  bindAddress: '127.0.0.1',
  securePort: 6443,
  advertiseAddress: '127.0.0.1',
  serviceClusterIPRange: '10.96.0.0/12',
  serviceNodePortRange: '30000-32767',
  logLevel: 'info',
  schedulerHealthzURL: defaultSchedulerHealthzURL,
  controllerManagerHealthzURL: defaultControllerManagerHealthzURL,
};

/** The API server's flags (Kubernetes' names); exported so the launcher knows what this build takes. */
export const apiServerFlags = {
  'etcd-servers': { type: 'string' },
  'bind-address': { type: 'string' },
  'secure-port': { type: 'string' },
  'advertise-address': { type: 'string' },
  'service-cluster-ip-range': { type: 'string' },
  'service-node-port-range': { type: 'string' },
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
  'anonymous-auth': { type: 'boolean' },
  'enable-bootstrap-token-auth': { type: 'boolean' },
  'enable-admission-plugins': { type: 'string' },
  'disable-admission-plugins': { type: 'string' },
  'kubelet-client-certificate': { type: 'string' },
  'kubelet-client-key': { type: 'string' },
  'kubelet-certificate-authority': { type: 'string' },
  'scheduler-healthz-url': { type: 'string' },
  'controller-manager-healthz-url': { type: 'string' },
  ...logFlags,
  'port-file': { type: 'string' },
} as const satisfies FlagDefs;

const multi = (v: string[] | undefined): string[] | undefined => (v === undefined || v.length === 0 ? undefined : v.flatMap((s) => listFlag(s) ?? []));

export function parseApiServerFlags(argv: string[]): ApiServerOptions {
  const { values } = parseFlags(argv, apiServerFlags);
  const d = defaultApiServerOptions;
  const bind = values['bind-address'] ?? d.bindAddress;
  const maxExp = values['service-account-max-token-expiration'];
  return {
    etcdServers: listFlag(values['etcd-servers'] ?? 'http://127.0.0.1:2379')!,
    bindAddress: bind,
    securePort: Number(values['secure-port'] ?? d.securePort),
    advertiseAddress: values['advertise-address'] ?? (bind === '0.0.0.0' ? '127.0.0.1' : bind),
    serviceClusterIPRange: values['service-cluster-ip-range'] ?? d.serviceClusterIPRange,
    serviceNodePortRange: values['service-node-port-range'] ?? d.serviceNodePortRange,
    tlsCertFile: values['tls-cert-file'],
    tlsPrivateKeyFile: values['tls-private-key-file'],
    clientCAFile: values['client-ca-file'],
    tokenAuthFile: values['token-auth-file'],
    serviceAccountIssuers: multi(values['service-account-issuer']),
    serviceAccountKeyFiles: multi(values['service-account-key-file']),
    serviceAccountSigningKeyFile: values['service-account-signing-key-file'],
    serviceAccountMaxTokenExpirationSeconds: maxExp === undefined ? undefined : Math.floor(durationFlag('service-account-max-token-expiration', maxExp, 0) / 1000),
    apiAudiences: listFlag(values['api-audiences']),
    authorizationMode: listFlag(values['authorization-mode']),
    anonymousAuth: values['anonymous-auth'] ?? true,
    enableBootstrapTokenAuth: values['enable-bootstrap-token-auth'] ?? false,
    enableAdmissionPlugins: listFlag(values['enable-admission-plugins']),
    disableAdmissionPlugins: listFlag(values['disable-admission-plugins']),
    kubeletClientCertificate: values['kubelet-client-certificate'],
    kubeletClientKey: values['kubelet-client-key'],
    kubeletCertificateAuthority: values['kubelet-certificate-authority'],
    schedulerHealthzURL: values['scheduler-healthz-url'] ?? d.schedulerHealthzURL,
    controllerManagerHealthzURL: values['controller-manager-healthz-url'] ?? d.controllerManagerHealthzURL,
    logLevel: logLevelOf(values) ?? d.logLevel,
    portFile: values['port-file'],
  };
}
