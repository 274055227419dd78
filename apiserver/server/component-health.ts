// What the computed componentstatuses read: the storage's health and HTTP GETs of the components'
// /healthz endpoints, answered as Kubernetes' HTTP prober words them.
import type { ComputedEnv } from '../registry/strategy/types.js';

const probeTimeoutMs = 5000;

/** Where Kubernetes probes them (127.0.0.1:10259 and :10257); k8ts' components serve /healthz over plain HTTP there. */
export const defaultSchedulerHealthzURL = 'http://127.0.0.1:10259/healthz';
export const defaultControllerManagerHealthzURL = 'http://127.0.0.1:10257/healthz';

/** The reason a GET failed, as Go's net/http prints it: `Get "<url>": dial tcp <host>: connect: connection refused`. */
function describe(url: string, e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const host = new URL(url).host;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return `Get "${url}": dial tcp ${host}: connect: connection refused`;
    case 'ECONNRESET':
      return `Get "${url}": read tcp ${host}: read: connection reset by peer`;
    default:
      if ((e as Error).name === 'TimeoutError') return `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
      return `Get "${url}": ${cause?.message ?? (e as Error).message}`;
  }
}

/** GET `url`: healthy with the body on 2xx (and 3xx, as the prober), otherwise why not. */
export async function probeHealth(url: string): Promise<{ healthy: boolean; message: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(probeTimeoutMs), redirect: 'manual' });
    const body = await res.text();
    if (res.status >= 200 && res.status < 400) return { healthy: true, message: body };
    return { healthy: false, message: `HTTP probe failed with statuscode: ${res.status}` };
  } catch (e) {
    return { healthy: false, message: describe(url, e) };
  }
}

export interface ComponentHealthOptions {
  /** undefined when storage answers, otherwise the error. */
  storageError(): Promise<string | undefined>;
  schedulerHealthzURL: string;
  controllerManagerHealthzURL: string;
}

export function componentHealth(opts: ComponentHealthOptions): ComputedEnv {
  return {
    storageError: opts.storageError,
    healthEndpoints: { scheduler: opts.schedulerHealthzURL, 'controller-manager': opts.controllerManagerHealthzURL },
    probe: probeHealth,
  };
}
