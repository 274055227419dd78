// Test helper: the API server composed as apiserver/server/server.ts run() does, plus the kubelet
// proxy (pods/log, exec) wired in — until server.ts wires it itself — on a real etcd, with a
// kubeconfig and a runner for the real kubectl.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { silentLogger } from '../../apimachinery/log.js';
import { loadDefinitions } from '../../apiserver/openapi/index.js';
import { ServiceAllocators } from '../../apiserver/registry/allocators.js';
import { Registry } from '../../apiserver/registry/rest.js';
import { buildApp } from '../../apiserver/server/app.js';
import { bootstrap } from '../../apiserver/server/bootstrap.js';
import { buildEngines, buildOpenAPI, schemaValidator } from '../../apiserver/server/engines.js';
import { newKubeletProxy, routeUpgrades } from '../../apiserver/server/kubelet-proxy.js';
import { openStorage } from '../../apiserver/server/storage.js';
import { SchemaValidator } from '../../apiserver/validation/index.js';
import { kubeconfigYaml } from '../../cluster/components.js';
import { withEtcd } from '../etcd.js';
import type { KubectlResult } from '../envtest.js';

export interface ProxiedApiServer {
  url: string;
  kubeconfigPath: string;
  kubeConfig(): KubeConfig;
  /** Runs the real kubectl (asynchronously: the API server runs in this process). */
  kubectl(args: string[], opts?: { input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  stop(): Promise<void>;
}

export async function startApiServerWithKubeletProxy(): Promise<ProxiedApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'k8ts-kapi-'));
  const etcd = await withEtcd();
  const log = silentLogger();
  const store = openStorage(etcd.endpoints, log);
  const allocators = new ServiceAllocators(store, { serviceCIDR: '10.96.0.0/12', nodePortRange: '30000-32767' });
  const defs = await loadDefinitions();
  const validator = new SchemaValidator(defs);
  const engines = await buildEngines(validator);
  const registry = new Registry(store, allocators, { validate: schemaValidator(validator), managedFields: engines.managedFields });
  const app = buildApp({
    context: { registry, engines, log, kubeletProxy: newKubeletProxy(log) },
    openapi: buildOpenAPI(defs), advertiseAddress: '127.0.0.1:6443', logger: log, ready: async () => true,
  });
  routeUpgrades(app.server, app);
  await bootstrap(registry, { kubernetesServiceIP: allocators.nthIP(1), advertiseAddress: '127.0.0.1', port: 6443 }, log);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfigYaml(url));
  const env = { ...process.env, KUBECONFIG: kubeconfigPath, KUBECACHEDIR: join(dir, 'cache'), HOME: dir };
  return {
    url,
    kubeconfigPath,
    kubeConfig: () => {
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfigPath);
      return kc;
    },
    kubectl: (args, o = {}) => new Promise((resolve) => {
      const child = spawn('kubectl', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
      child.stdin.end(o.input ?? '');
    }),
    stop: async () => {
      app.server.closeAllConnections();
      await app.close();
      await store.close();
      await etcd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
