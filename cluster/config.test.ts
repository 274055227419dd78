import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPorts, loadConfig, newConfig, parseUpFlags, saveConfig } from './common/config.js';
import { apiserverSecurityArgs, componentSpecs } from './components.js';
import { clusterPaths, entry } from './common/paths.js';
import { apiServerFlags } from '../apiserver/index.js';
import { controllerManagerFlags } from '../controllers/index.js';
import { kubeletFlags } from '../kubelet/index.js';
import { kubeProxyFlags } from '../kube-proxy/index.js';
import { dnsFlags } from '../kube-proxy/dns/index.js';
import { schedulerFlags } from '../scheduler/index.js';
import type { FlagDefs } from '../apimachinery/component/index.js';

describe('k8ts up flags and configuration', () => {
  const home = mkdtempSync(join(tmpdir(), 'k8ts-config-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const paths = clusterPaths(home);

  it('parses ports and switches', () => {
    expect(parseUpFlags(['--api-port', '7443', '--free-ports', '--fake-runtime'])).toMatchObject({ apiPort: 7443, freePorts: true, fakeRuntime: true, insecure: false });
    expect(() => parseUpFlags(['--api-port', '99999'])).toThrow(/port number/);
    expect(() => parseUpFlags(['--bogus'])).toThrow();
  });

  it('defaults to the well-known ports; --free-ports picks distinct free ones, given ports win', async () => {
    const d = await newConfig(paths, parseUpFlags([]));
    expect(d).toMatchObject({ ...defaultPorts, secure: true, kubeletTLS: true });
    const f = await newConfig(paths, parseUpFlags(['--free-ports', '--api-port', '7443']));
    const ports = [f.apiPort, f.etcdClientPort, f.etcdPeerPort, f.kubeletPort, f.schedulerPort, f.proxyHealthzPort, f.dnsPort];
    expect(f.apiPort).toBe(7443);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('plain HTTP only with --insecure', async () => {
    expect(await newConfig(paths, parseUpFlags(['--insecure']))).toMatchObject({ secure: false, kubeletTLS: false });
  });

  it('saves and loads the configuration under run/', async () => {
    mkdirSync(paths.run, { recursive: true });
    const cfg = await newConfig(paths, parseUpFlags(['--free-ports', '--fake-runtime']));
    saveConfig(cfg);
    expect(loadConfig(paths)).toEqual(cfg);
  });

  it('secure mode: TLS, client CA, SA keys, Node,RBAC, kubelet client cert, one kubeconfig per component', async () => {
    const cfg = await newConfig(paths, parseUpFlags(['--fake-runtime', '--etcd-servers', 'http://127.0.0.1:1']));
    const args = apiserverSecurityArgs(cfg);
    for (const f of ['--tls-cert-file', '--tls-private-key-file', '--client-ca-file', '--service-account-key-file', '--service-account-signing-key-file', '--kubelet-client-certificate', '--kubelet-client-key']) expect(args).toContain(f);
    expect(args[args.indexOf('--authorization-mode') + 1]).toBe('Node,RBAC');
    const specs = componentSpecs(cfg);
    expect(specs.map((s) => s.name)).toEqual(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet']);
    const kubeconfigOf = (name: string): string => {
      const a = specs.find((s) => s.name === name)!.args;
      return a[a.indexOf('--kubeconfig') + 1]!;
    };
    expect(kubeconfigOf('kube-controller-manager')).toBe(join(home, 'controller-manager.kubeconfig'));
    expect(kubeconfigOf('kube-scheduler')).toBe(join(home, 'scheduler.kubeconfig'));
    expect(kubeconfigOf('kubelet')).toBe(join(home, `kubelet-${cfg.nodeName}.kubeconfig`));
    const kubelet = specs.find((s) => s.name === 'kubelet')!.args;
    expect(kubelet).toContain('--tls-cert-file');
    expect(kubelet).toContain('--client-ca-file');
    expect(specs.find((s) => s.name === 'kube-controller-manager')!.args).toContain('--cluster-signing-cert-file');
  });

  it('plain-HTTP mode: no security flags, everyone on the admin kubeconfig', async () => {
    const cfg = await newConfig(paths, parseUpFlags(['--fake-runtime', '--insecure', '--etcd-servers', 'http://127.0.0.1:1']));
    expect(apiserverSecurityArgs(cfg)).toEqual(['--bind-address', '127.0.0.1']);
    for (const s of componentSpecs(cfg).slice(1)) expect(s.args[s.args.indexOf('--kubeconfig') + 1]).toBe(paths.kubeconfig);
  });

  it.each([['secure', []], ['plain HTTP', ['--insecure']]])('%s: every flag the launcher passes is one the component defines (its exported flag definitions)', async (_mode, extra) => {
    const defs: Record<string, FlagDefs> = {
      'kube-apiserver': apiServerFlags, 'kube-controller-manager': controllerManagerFlags, 'kube-scheduler': schedulerFlags,
      kubelet: kubeletFlags, 'kube-proxy': kubeProxyFlags, 'cluster-dns': dnsFlags,
    };
    const cfg = await newConfig(paths, parseUpFlags(['--etcd-servers', 'http://127.0.0.1:1', ...extra]));
    const specs = componentSpecs({ ...cfg, hollowReason: undefined });
    expect(specs.map((s) => s.name).sort()).toEqual(Object.keys(defs).sort());
    for (const s of specs) {
      // The API server starts directly; the others through launch.js (`… -- ENTRY ARGS…`).
      const sep = s.args.indexOf('--');
      const args = sep >= 0 ? s.args.slice(sep + 2) : s.args.slice(s.args.indexOf(entry('apiserver')) + 1);
      const names = args.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]!);
      expect(names.length).toBeGreaterThan(0);
      expect({ [s.name]: names.filter((n) => !(n in defs[s.name]!)) }).toEqual({ [s.name]: [] });
    }
  });
});
