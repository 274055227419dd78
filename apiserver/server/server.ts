// run(): the API server process body. Opens storage (etcd + watch cache), sets up authentication,
// authorization and admission from the flags, builds the registry and the HTTP(S) app, bootstraps
// system objects, listens, and shuts down cleanly when `signal` aborts.
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { newLogger, type Logger } from '../../apimachinery/log.js';
import { ServiceAllocators } from '../registry/core/service/allocators.js';
import { Registry } from '../registry/rest.js';
import type { Store } from '../storage/types.js';
import { openStorage } from './storage.js';
import { buildEngines, buildOpenAPI, schemaValidator } from './engines.js';
import { buildApp } from './app.js';
import { componentHealth, defaultControllerManagerHealthzURL, defaultSchedulerHealthzURL } from './component-health.js';
import { newKubeletProxy, routeUpgrades } from './kubelet-proxy.js';
import { loadDefinitions } from '../openapi/index.js';
import { loadCompiledValidators, SchemaValidator } from '../validation/index.js';
import { resources } from '../registry/resources.js';
import { bootstrap, ensureSystemNamespaces } from './bootstrap.js';
import { ApiServerMetrics } from '../metrics/index.js';
import type { ApiServerOptions } from './config.js';
import type { AdmissionPlugin, Authorizer } from '../auth/types.js';
import { type AuthnSetup, type ReviewHandler, alwaysAllow, buildAuthentication, newRequestFilter, selfSubjectReview, storeGetter, tokenReview } from '../auth/authn/index.js';
import { answerTokenRequest, serviceAccountAdmission } from '../auth/serviceaccount/index.js';
import { type ConfiguredAuthorizer, newAuthorizer, withImpersonation } from '../auth/authz/index.js';
import { reviewResources, review } from '../auth/authz/reviews.js';
import { csrRequestor, csrSignerPermissions, defaultIngressClass, defaultStorageClass, namespaceLifecycle, nodeRestriction, priorityAdmission, rbacEscalation } from '../auth/admission/index.js';
import { runSystemNamespaces } from '../controlplane/system-namespaces.js';
import { runBootstrapObjects } from '../controlplane/bootstrap-objects.js';
import { ensureBootstrapPolicy, ensureSystemPriorityClasses } from '../auth/policy/index.js';

export interface RunningApiServer {
  url: string;
  port: number;
  store: Store;
  /** Resolves when the server has stopped (after `signal` aborts). */
  done: Promise<void>;
}

interface Security {
  authn: AuthnSetup;
  authorizer: Authorizer;
  configured?: ConfiguredAuthorizer;
  modes: string[];
  admission: AdmissionPlugin[];
  reviews: Map<string, ReviewHandler>;
}

/** Authenticators, the authorizer (AlwaysAllow unless --authorization-mode says otherwise), admission plugins and reviews. */
async function security(opts: ApiServerOptions, store: Store, log: Logger): Promise<Security> {
  const objects = storeGetter(store);
  const tls = Boolean(opts.tlsCertFile && opts.tlsPrivateKeyFile);
  const authn = buildAuthentication({ ...opts, tls }, objects);
  const modes = opts.authorizationMode && opts.authorizationMode.length > 0 ? opts.authorizationMode : ['AlwaysAllow'];
  const configured = modes.length === 1 && modes[0] === 'AlwaysAllow' ? undefined : await newAuthorizer(modes, { store, log });
  const authorizer = configured ?? alwaysAllow;
  const enabled = (name: string, byDefault: boolean): boolean =>
    !(opts.disableAdmissionPlugins ?? []).includes(name) && (byDefault || (opts.enableAdmissionPlugins ?? []).includes(name));
  // Plugins only run on writes by authenticated users; a plain-HTTP server without authenticators keeps none.
  const admission: AdmissionPlugin[] = [];
  if (enabled('NamespaceLifecycle', true)) admission.push(namespaceLifecycle());
  if (enabled('DefaultIngressClass', true)) admission.push(defaultIngressClass({ store }));
  if (enabled('DefaultStorageClass', true)) admission.push(defaultStorageClass({ store }));
  if (authn.signingKey && enabled('ServiceAccount', true)) admission.push(serviceAccountAdmission({ objects }));
  if (authn.configured && enabled('Priority', true)) admission.push(priorityAdmission({ store }));
  if (enabled('NodeRestriction', modes.includes('Node'))) admission.push(nodeRestriction());
  if (configured?.rbac && enabled('RBACEscalation', true)) admission.push(rbacEscalation({ authorizer, rbac: configured.rbac }));
  if (authn.configured && enabled('CertificateSigningRequest', true)) admission.push(csrRequestor());
  if (configured && enabled('CertificateApproval', true)) admission.push(csrSignerPermissions({ authorizer }));
  const reviews = new Map<string, ReviewHandler>([
    ['authentication.k8s.io/selfsubjectreviews', selfSubjectReview],
    ['authentication.k8s.io/tokenreviews', tokenReview((t) => authn.authenticateToken(t), authn.audiences)],
  ]);
  for (const [plural, kind] of Object.entries(reviewResources)) {
    reviews.set(`authorization.k8s.io/${plural}`, (body, { user, namespace }) => review({ authorizer, rbac: configured?.rbac, modes }, kind, body, user, namespace));
  }
  return { authn, authorizer, configured, modes, admission, reviews };
}

export async function run(opts: ApiServerOptions, signal: AbortSignal, logger?: Logger): Promise<RunningApiServer> {
  const log = logger ?? newLogger({ component: 'kube-apiserver', level: opts.logLevel });
  const metrics = new ApiServerMetrics({ processMetrics: true });
  const store = openStorage(opts.etcdServers, log, metrics);
  const allocators = new ServiceAllocators(store, { serviceCIDR: opts.serviceClusterIPRange, nodePortRange: opts.serviceNodePortRange });
  const defs = await loadDefinitions();
  const prebuilt = await loadCompiledValidators(defs);
  log.info({ prebuilt: prebuilt?.size ?? 0 }, 'schema validators');
  const validator = new SchemaValidator(defs, prebuilt);
  const engines = await buildEngines(validator);
  const sec = await security(opts, store, log);
  const registry = new Registry(store, allocators, { validate: schemaValidator(validator), managedFields: engines.managedFields, admission: sec.admission });
  const openapi = buildOpenAPI(defs);
  const signingKey = sec.authn.signingKey;
  const tls = opts.tlsCertFile && opts.tlsPrivateKeyFile ? { cert: readFileSync(opts.tlsCertFile, 'utf8'), key: readFileSync(opts.tlsPrivateKeyFile, 'utf8'), clientCA: sec.authn.clientCA } : undefined;
  const app = buildApp({
    context: {
      registry,
      engines,
      log,
      kubeletProxy: newKubeletProxy(log, { clientCertificate: opts.kubeletClientCertificate, clientKey: opts.kubeletClientKey, certificateAuthority: opts.kubeletCertificateAuthority }),
      reviews: sec.reviews,
      computed: componentHealth({
        storageError: async () => {
          try {
            await store.currentRevision();
            return undefined;
          } catch (e) {
            return e instanceof Error ? e.message : String(e);
          }
        },
        schedulerHealthzURL: opts.schedulerHealthzURL ?? defaultSchedulerHealthzURL,
        controllerManagerHealthzURL: opts.controllerManagerHealthzURL ?? defaultControllerManagerHealthzURL,
      }),
      tokenRequest: signingKey
        ? (sa, request) => answerTokenRequest({ key: signingKey, issuer: sec.authn.issuer, audiences: sec.authn.audiences, objects: storeGetter(store), maxExpirationSeconds: opts.serviceAccountMaxTokenExpirationSeconds }, sa, request)
        : undefined,
    },
    // Impersonate-* headers (kubectl --as) are honoured when the authorizer allows `impersonate`.
    filter: newRequestFilter({ authenticator: withImpersonation(sec.authn.request, sec.authorizer), authorizer: sec.authorizer, log }),
    tls,
    openapi,
    metrics,
    advertiseAddress: `${opts.advertiseAddress}:${opts.securePort}`,
    logger: log,
    ready: async () => {
      try {
        await store.currentRevision();
        return true;
      } catch {
        return false;
      }
    },
  });
  routeUpgrades(app.server, app);
  await bootstrap(registry, { kubernetesServiceIP: allocators.nthIP(1), advertiseAddress: opts.advertiseAddress, port: opts.securePort }, log);
  runSystemNamespaces({ ensure: () => ensureSystemNamespaces(registry, log), log }, signal);
  // Default roles and bindings when RBAC decides (as kube-apiserver's rbac/bootstrap-roles hook); system PriorityClasses always.
  if (sec.modes.includes('RBAC')) await ensureBootstrapPolicy(registry, log);
  else await ensureSystemPriorityClasses(registry, log);
  await app.listen({ host: opts.bindAddress, port: opts.securePort });
  const port = (app.server.address() as AddressInfo).port;
  if (opts.portFile) writeFileSync(opts.portFile, String(port));
  const url = `${tls ? 'https' : 'http'}://${opts.bindAddress === '0.0.0.0' ? '127.0.0.1' : opts.bindAddress}:${port}`;
  log.info({ url, etcd: opts.etcdServers }, 'API server listening');
  // APF configuration and autoregistered APIServices: after the server serves, in the background.
  void runBootstrapObjects({ registry, log }, signal);
  // Compile the schema validators now rather than on a first request (pod templates take ~0.5 s).
  setImmediate(() => validator.precompile(resources.map((r) => ({ group: r.group, version: r.version, kind: r.kind }))));
  const done = new Promise<void>((resolve) => {
    const stop = async (): Promise<void> => {
      log.info('API server stopping');
      // Watches are long-lived: close every socket rather than waiting for them.
      app.server.closeAllConnections();
      await app.close();
      sec.configured?.close();
      await store.close();
      resolve();
    };
    if (signal.aborted) void stop();
    else signal.addEventListener('abort', () => void stop(), { once: true });
  });
  return { url, port, store, done };
}
