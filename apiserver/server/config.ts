// What the API server is run with (filled from Kubernetes' flags by ../options.ts). Kept here so the
// server depends on nothing above it.

export interface ApiServerOptions {
  etcdServers: string[];
  bindAddress: string;
  securePort: number;
  advertiseAddress: string;
  serviceClusterIPRange: string;
  serviceNodePortRange: string;
  /** HTTPS when both are set (the cert file may hold the chain); plain HTTP otherwise. */
  tlsCertFile?: string;
  tlsPrivateKeyFile?: string;
  /** CA bundle that signs client certificates (user = CN, groups = O). */
  clientCAFile?: string;
  /** Static tokens: CSV `token,user,uid,"group1,group2"`. */
  tokenAuthFile?: string;
  /** ServiceAccount token issuers; the first signs. Default https://kubernetes.default.svc.cluster.local. */
  serviceAccountIssuers?: string[];
  /** PEM files with the public keys that verify ServiceAccount tokens. */
  serviceAccountKeyFiles?: string[];
  /** PEM private key that signs ServiceAccount tokens (also enables TokenRequest and SA admission). */
  serviceAccountSigningKeyFile?: string;
  /** Upper bound on TokenRequest expirationSeconds. */
  serviceAccountMaxTokenExpirationSeconds?: number;
  /** Audiences tokens must carry (default: the issuers). */
  apiAudiences?: string[];
  /** AlwaysAllow | Node | RBAC, in order; default AlwaysAllow. */
  authorizationMode?: string[];
  /** Requests without credentials become system:anonymous (default true). */
  anonymousAuth?: boolean;
  enableBootstrapTokenAuth?: boolean;
  /** Admission plugins switched off (e.g. ServiceAccount) or on beyond the defaults (NodeRestriction). */
  disableAdmissionPlugins?: string[];
  enableAdmissionPlugins?: string[];
  /** The API server's client certificate towards kubelets. */
  kubeletClientCertificate?: string;
  kubeletClientKey?: string;
  kubeletCertificateAuthority?: string;
  /** The scheduler's and controller-manager's health endpoints componentstatuses probe (Kubernetes: 127.0.0.1:10259 and :10257). */
  schedulerHealthzURL?: string;
  controllerManagerHealthzURL?: string;
  logLevel: string;
  /** Write the chosen port here once listening (tests, launcher). */
  portFile?: string;
}
