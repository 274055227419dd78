// Test helper: the scheduler's HTTP endpoint on a free loopback port for the duration of a callback.
import { listenUntilAborted } from '../../apimachinery/metrics/index.js';
import { buildServer, type ServerOptions } from '../server/http.js';

export async function withServer(opts: ServerOptions, fn: (url: string) => Promise<void>): Promise<void> {
  const stop = new AbortController();
  const listening = await listenUntilAborted(buildServer(opts), '127.0.0.1', 0, stop.signal);
  try {
    await fn(`http://127.0.0.1:${listening.port}`);
  } finally {
    stop.abort();
    await listening.closed;
  }
}
