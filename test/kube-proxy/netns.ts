// Test helper for kernel tests: a network namespace joined to the host by a veth pair on a private
// /30 (host .1, namespace .2), small TCP servers inside it, and undo of everything it created.
// Only ever touches the namespace, links and addresses it made itself.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export const isRoot = process.getuid?.() === 0;
const has = (bin: string, args: string[]): boolean => spawnSync(bin, args, { stdio: 'ignore' }).status === 0;
export const kernelAvailable = isRoot && has('nft', ['--version']) && has('ip', ['-V']) && existsSync('/proc/sys/net/ipv4/conf/all/route_localnet');
export const kernelSkipReason = kernelAvailable ? '' : ' (skipped: needs root, nft and iproute2 to create a netns and rules)';

function sh(args: string[], input?: string): string {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export interface TestNetns {
  name: string;
  hostIf: string;
  hostIP: string;
  nsIP: string;
  /** Routes `dst/32` from inside the namespace via the host end (pod → VIP traffic). */
  routeVia(dst: string): void;
  /** Connects from inside the namespace; resolves with the reply line or the error code. */
  dialFrom(host: string, port: number): Promise<string>;
  /** Starts a TCP server in the namespace on nsIP:port that writes `reply` ({peer} → the client's address) and closes. */
  serve(port: number, reply: string): Promise<ChildProcess>;
  destroy(): void;
}

const dialScript = `
const s = require('net').connect({ host: process.argv[1], port: Number(process.argv[2]), timeout: 3000 });
let d = '';
s.on('data', (b) => (d += b));
s.on('end', () => process.stdout.write(d.trim()));
s.on('timeout', () => { process.stdout.write('TIMEOUT'); s.destroy(); });
s.on('error', (e) => process.stdout.write(e.code || e.message));
`;

const serverScript = `
const net = require('net');
const [ip, port, reply] = process.argv.slice(1);
net.createServer((c) => { c.end(reply.replace('{peer}', c.remoteAddress) + '\\n'); }).listen(Number(port), ip, () => process.stdout.write('ready\\n'));
`;

/** Creates netns `k8ts-kp-<tag>` with veth `kp<tag>h` ↔ `kp<tag>n` on 10.250.<octet>.0/30. */
export function createNetns(tag: string, octet: number): TestNetns {
  const name = `k8ts-kp-${tag}`;
  const hostIf = `kp${tag}h`;
  const nsIf = `kp${tag}n`;
  const hostIP = `10.250.${octet}.1`;
  const nsIP = `10.250.${octet}.2`;
  const servers: ChildProcess[] = [];
  const destroy = (): void => {
    for (const s of servers) if (s.pid && s.exitCode === null) s.kill('SIGKILL');
    spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    spawnSync('ip', ['link', 'del', hostIf], { stdio: 'ignore' });
  };
  try {
    sh(['ip', 'netns', 'add', name]);
    sh(['ip', 'link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    sh(['ip', 'link', 'set', nsIf, 'netns', name]);
    sh(['ip', 'addr', 'add', `${hostIP}/30`, 'dev', hostIf]);
    sh(['ip', 'link', 'set', hostIf, 'up']);
    sh(['ip', '-n', name, 'addr', 'add', `${nsIP}/30`, 'dev', nsIf]);
    sh(['ip', '-n', name, 'link', 'set', nsIf, 'up']);
    sh(['ip', '-n', name, 'link', 'set', 'lo', 'up']);
  } catch (err) {
    destroy();
    throw err;
  }
  return {
    name,
    hostIf,
    hostIP,
    nsIP,
    routeVia: (dst) => void sh(['ip', '-n', name, 'route', 'replace', `${dst}/32`, 'via', hostIP]),
    dialFrom: (host, port) =>
      new Promise((resolve) => {
        execFile('ip', ['netns', 'exec', name, process.execPath, '-e', dialScript, host, String(port)], { encoding: 'utf8' }, (_e, out) => resolve(out));
      }),
    serve: (port, reply) =>
      new Promise((resolve, reject) => {
        const child = spawn('ip', ['netns', 'exec', name, process.execPath, '-e', serverScript, nsIP, String(port), reply], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        servers.push(child);
        let err = '';
        child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
        child.stdout!.once('data', () => resolve(child));
        child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
      }),
    destroy,
  };
}

/** `nft list tables` as a sorted list of `family name`. */
export function listTables(): string[] {
  return sh(['nft', 'list', 'tables']).split('\n').map((l) => l.replace(/^table /, '').trim()).filter(Boolean).sort();
}

/** Our table's text, or '' when absent (async: kube-proxy may run in this process). */
export function ourTable(table = 'k8ts-proxy'): Promise<string> {
  return new Promise((resolve) => {
    execFile('nft', ['list', 'table', 'ip', table], { encoding: 'utf8' }, (err, stdout) => resolve(err ? '' : stdout));
  });
}
