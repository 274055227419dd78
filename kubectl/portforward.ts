// `kubectl port-forward POD|TYPE/NAME [LOCAL:]REMOTE…`: listens on 127.0.0.1 (and ::1 when
// available) and carries each accepted connection over client-node's PortForward (pods/portforward
// over WebSocket), printing kubectl's "Forwarding from" and "Handling connection for" lines.
import type { AddressInfo, Server, Socket } from 'node:net';
import { CliError, type IO } from './cli-runtime/io.js';
import { podFor } from './logs.js';
import type { Session } from './cli-runtime/session.js';

export interface PortForwardOptions {
  args: string[];
  address?: string;
}

export async function portForward(s: Session, o: PortForwardOptions, io: IO): Promise<number> {
  if (o.args.length < 2) throw new CliError('error: TYPE/NAME and list of ports are required for port-forward');
  const name = await podFor(s, o.args[0]);
  const pod = await s.rest.json<{ status?: { phase?: string } }>(`/api/v1/namespaces/${encodeURIComponent(s.namespace)}/pods/${encodeURIComponent(name)}`);
  if (pod.status?.phase !== 'Running') throw new CliError(`error: unable to forward port because pod is not running. Current status=${pod.status?.phase ?? ''}`);
  const pairs = o.args.slice(1).map((p) => {
    const [l, r] = p.includes(':') ? p.split(':', 2) : [p, p];
    const remote = Number(r);
    if (!Number.isInteger(remote) || remote <= 0) throw new CliError(`error: Error parsing remote port '${r}'`);
    return { local: l === '' ? 0 : Number(l), remote };
  });
  const [{ PortForward }, net] = await Promise.all([import('@kubernetes/client-node'), import('node:net')]);
  const kc = await s.kubeConfig();
  const forwarder = new PortForward(kc, true);
  const servers: Server[] = [];
  const hosts = o.address ? o.address.split(',') : ['127.0.0.1', '::1'];
  for (const pair of pairs) {
    for (const host of hosts) {
      const server = net.createServer((sock: Socket) => {
        io.stdout(`Handling connection for ${pair.local}\n`);
        forwarder.portForward(s.namespace, name, [pair.remote], sock, null, sock).then((ws) => {
          // client-node leaves the local socket open when the stream ends: close each side with the other
          if (typeof ws === 'function') return;
          ws.on('close', () => sock.end());
          sock.on('close', () => ws.close());
        }).catch((e: unknown) => {
          io.stderr(`E0000 portforward.go: "Unhandled Error" err="an error occurred forwarding ${pair.local} -> ${pair.remote}: ${(e as Error).message}"\n`);
          sock.destroy();
        });
      });
      const ok = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(pair.local, host, () => resolve(true));
      });
      if (!ok) continue;
      if (pair.local === 0) pair.local = (server.address() as AddressInfo).port;
      servers.push(server);
      io.stdout(`Forwarding from ${host.includes(':') ? `[${host}]` : host}:${pair.local} -> ${pair.remote}\n`);
    }
  }
  if (servers.length === 0) throw new CliError('error: unable to listen on any of the requested ports');
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  for (const srv of servers) srv.close();
  return 0;
}
