// API server options: Kubernetes' flag names, parsed into one typed object.
import { parseArgs } from 'node:util';

export interface ApiServerOptions {
  etcdServers: string[];
  bindAddress: string;
  securePort: number;
  advertiseAddress: string;
  serviceClusterIPRange: string;
  serviceNodePortRange: string;
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  logLevel: string;
  /** Write the chosen port here once listening (tests, launcher). */
  portFile?: string;
}

export const defaultApiServerOptions: Omit<ApiServerOptions, 'etcdServers'> = {
  bindAddress: '127.0.0.1',
  securePort: 6443,
  advertiseAddress: '127.0.0.1',
  serviceClusterIPRange: '10.96.0.0/12',
  serviceNodePortRange: '30000-32767',
  logLevel: 'info',
};

export function parseApiServerFlags(argv: string[]): ApiServerOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'etcd-servers': { type: 'string', default: 'http://127.0.0.1:2379' },
      'bind-address': { type: 'string', default: defaultApiServerOptions.bindAddress },
      'secure-port': { type: 'string', default: String(defaultApiServerOptions.securePort) },
      'advertise-address': { type: 'string' },
      'service-cluster-ip-range': { type: 'string', default: defaultApiServerOptions.serviceClusterIPRange },
      'service-node-port-range': { type: 'string', default: defaultApiServerOptions.serviceNodePortRange },
      'tls-cert-file': { type: 'string' },
      'tls-private-key-file': { type: 'string' },
      v: { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      'port-file': { type: 'string' },
    },
    strict: true,
  });
  const bind = values['bind-address']!;
  return {
    etcdServers: values['etcd-servers']!.split(',').map((s) => s.trim()).filter(Boolean),
    bindAddress: bind,
    securePort: Number(values['secure-port']),
    advertiseAddress: values['advertise-address'] ?? (bind === '0.0.0.0' ? '127.0.0.1' : bind),
    serviceClusterIPRange: values['service-cluster-ip-range']!,
    serviceNodePortRange: values['service-node-port-range']!,
    tlsCertFile: values['tls-cert-file'],
    tlsPrivateKeyFile: values['tls-private-key-file'],
    logLevel: values.v !== undefined ? (Number(values.v) >= 4 ? 'debug' : 'info') : values['log-level']!,
    portFile: values['port-file'],
  };
}
