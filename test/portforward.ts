// What the port-forward tests share: the real `kubectl port-forward` as a child process (resolved
// once it prints its "Forwarding from" line), and HTTP/1.0 GETs over a fresh TCP connection each
// (no keep-alive), so every request is its own forwarded stream.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { kubectlPath, type TestApiServer } from './envtest.js';

export interface Forward {
  child: ChildProcess;
  localPort: number;
  /** Everything kubectl printed so far (stdout and stderr). */
  output(): string;
  /** kubectl's exit code once it exits. */
  exited: Promise<number | null>;
}

/** Spawns `kubectl port-forward …args` against `env` and resolves once it prints its first "Forwarding from" line. */
export function kubectlPortForward(env: TestApiServer, args: string[], extraEnv: Record<string, string> = {}): Promise<Forward> {
  const child = spawn(kubectlPath ?? 'kubectl', ['port-forward', ...args], {
    env: { ...process.env, KUBECONFIG: env.kubeconfigPath, KUBECACHEDIR: join(env.dir, 'cache'), HOME: env.dir, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out);
      if (m) resolve({ child, localPort: Number(m[1]), output: () => out, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`kubectl port-forward exited (${code}): ${out}`)));
  });
}

/** One HTTP/1.0 GET to 127.0.0.1:`port`: the whole response (status line, headers, body) as sent. */
export function httpResponse(port: number, path = '/'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    sock.on('connect', () => sock.write(`GET ${path} HTTP/1.0\r\nHost: x\r\n\r\n`));
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('end', () => resolve(Buffer.concat(chunks)));
    sock.on('error', reject);
  });
}

/** The body of one GET, as bytes (what follows the first blank line). */
export async function httpBodyRaw(port: number, path = '/'): Promise<Buffer> {
  const all = await httpResponse(port, path);
  return all.subarray(all.indexOf('\r\n\r\n') + 4);
}

/** The body of one GET, as text. */
export async function httpBody(port: number, path = '/'): Promise<string> {
  return (await httpBodyRaw(port, path)).toString();
}
