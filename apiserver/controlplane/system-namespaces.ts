// The API server's system-namespaces loop (Kubernetes' controlplane/controller/systemnamespaces):
// every interval (a minute by default) the system namespaces that are missing are created again —
// kube-node-lease may be deleted, the others are protected by NamespaceLifecycle admission.
import type { Logger } from '../../apimachinery/log.js';

export interface SystemNamespacesOptions {
  /** Creates whichever system namespace is missing. */
  ensure: () => Promise<void>;
  log: Logger;
  intervalMs?: number;
}

export function runSystemNamespaces(opts: SystemNamespacesOptions, signal: AbortSignal): void {
  let running = false;
  const tick = async (): Promise<void> => {
    if (running || signal.aborted) return;
    running = true;
    try {
      await opts.ensure();
    } catch (err) {
      opts.log.warn({ err }, 'system namespaces: will retry');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.intervalMs ?? 60_000);
  timer.unref();
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
