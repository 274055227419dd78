// Attach and port-forward for runc pods, through two tiny python3 relays (Node can neither enter a
// network namespace nor open the SOCK_SEQPACKET socket conmon offers):
// - portForward: `nsenter --net=<pod netns> python3 RELAY port` connects to 127.0.0.1:<port> (then
//   ::1) from inside the pod's network namespace, reports "ok" or "error <reason>" on fd 3, and
//   relays stdin/stdout to the socket with half-close. One relay per connection: nothing stays
//   running in the pod, and the pod's own network stack answers (as CRI-O's and containerd's
//   port-forward do). hostNetwork pods are dialled directly.
// - attach: conmon's attach socket (<socket dir>/<container id>/attach, SOCK_SEQPACKET) sends
//   packets whose first byte is the pipe (2 stdout, 3 stderr) and takes raw stdin bytes; the relay
//   turns it into stdout/stderr/stdin pipes. Resizes go to conmon's ctl FIFO.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { Duplex, type Readable } from 'node:stream';
import { RuntimeError } from '../../host/index.js';
import type { AttachOptions, AttachSession } from '../index.js';
import { conmonResize } from './conmon.js';

const PYTHON = '/usr/bin/python3';

const PORT_RELAY = String.raw`
import os, socket, sys, select
def wall(fd, d):
    while d: d = d[os.write(fd, d):]
port = int(sys.argv[1])
s, errs = None, []
for family, host in ((socket.AF_INET, '127.0.0.1'), (socket.AF_INET6, '::1')):
    try:
        c = socket.socket(family, socket.SOCK_STREAM)
        c.settimeout(10)
        c.connect((host, port))
        s = c
        break
    except OSError as e:
        errs.append('%s: %s' % ('IPv4' if family == socket.AF_INET else 'IPv6', e.strerror or e))
if s is None:
    os.write(3, ('error failed to connect to localhost:%d inside the pod network namespace, %s\n' % (port, ', '.join(errs))).encode())
    sys.exit(1)
os.write(3, b'ok\n'); os.close(3)
s.settimeout(None)
ins = [0, s]
while s in ins:
    r, _, _ = select.select(ins, [], [])
    if 0 in r:
        d = os.read(0, 65536)
        if d: s.sendall(d)
        else:
            ins.remove(0)
            try: s.shutdown(socket.SHUT_WR)
            except OSError: pass
    if s in r:
        try: d = s.recv(65536)
        except OSError: d = b''
        if not d: break
        wall(1, d)
`;

const ATTACH_RELAY = String.raw`
import os, socket, sys, select
def wall(fd, d):
    while d: d = d[os.write(fd, d):]
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
try:
    s.connect(sys.argv[1])
except OSError as e:
    os.write(3, ('error cannot attach: %s\n' % (e.strerror or e)).encode())
    sys.exit(1)
os.write(3, b'ok\n'); os.close(3)
ins = [s] + ([0] if sys.argv[2] == '1' else [])
while True:
    r, _, _ = select.select(ins, [], [])
    if s in r:
        d = s.recv(65536)
        if not d: break
        wall(2 if d[0] == 3 else 1, d[1:])
    if 0 in r:
        d = os.read(0, 8192)
        if d: s.sendall(d)
        else:
            ins.remove(0)
            try: s.shutdown(socket.SHUT_WR)
            except OSError: pass
`;

/** Reads the relay's first status line from fd 3: undefined for "ok", else the error text. */
function statusLine(r: Readable): Promise<string | undefined> {
  return new Promise((resolve) => {
    let buf = '';
    r.setEncoding('utf8');
    r.on('data', (c: string) => {
      buf += c;
      const nl = buf.indexOf('\n');
      if (nl >= 0) { r.removeAllListeners('data'); r.destroy(); resolve(buf.slice(0, nl) === 'ok' ? undefined : buf.slice(0, nl).replace(/^error /, '')); }
    });
    r.on('end', () => resolve(buf ? buf.replace(/^error /, '').trim() : 'the relay exited without reporting'));
    r.on('error', () => resolve('the relay failed'));
  });
}

/** A connection to `port` on the loopback of the network namespace at `netnsPath` (host when undefined). */
export async function portForwardStream(netnsPath: string | undefined, port: number, signal?: AbortSignal): Promise<Duplex> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RuntimeError('InvalidArgument', `invalid port ${port}`);
  if (!netnsPath) {
    return await new Promise<Duplex>((resolve, reject) => {
      const sock = connect({ host: '127.0.0.1', port, signal });
      sock.once('connect', () => resolve(sock));
      sock.once('error', (e) => reject(new RuntimeError('FailedPrecondition', `failed to connect to localhost:${port}: ${e.message}`)));
    });
  }
  const child = spawn('nsenter', [`--net=${netnsPath}`, '--', PYTHON, '-c', PORT_RELAY, String(port)], {
    stdio: ['pipe', 'pipe', 'ignore', 'pipe'], signal,
  });
  child.on('error', () => { /* reported through the status pipe ending */ });
  const err = await statusLine(child.stdio[3] as Readable);
  if (err) {
    child.kill('SIGKILL');
    throw new RuntimeError('FailedPrecondition', err);
  }
  const { stdin, stdout } = child;
  if (!stdin || !stdout) throw new RuntimeError('Internal', 'port-forward relay has no pipes');
  const d = Duplex.from({ readable: stdout, writable: stdin });
  d.once('close', () => { if (child.exitCode === null) child.kill('SIGKILL'); });
  stdin.on('error', () => { /* the pod side closed */ });
  return d;
}

/** Attaches to a conmon-supervised container through its attach socket. */
export async function attachStream(socketPath: string, bundle: string, opts: AttachOptions = {}): Promise<AttachSession> {
  const child = spawn(PYTHON, ['-c', ATTACH_RELAY, socketPath, opts.stdin ? '1' : '0'], {
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', 'pipe'], signal: opts.signal,
  });
  child.on('error', () => { /* reported through the status pipe ending */ });
  const err = await statusLine(child.stdio[3] as Readable);
  if (err) {
    child.kill('SIGKILL');
    throw new RuntimeError('FailedPrecondition', err);
  }
  const done = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const { stdout, stderr } = child;
  if (!stdout || !stderr) throw new RuntimeError('Internal', 'attach relay has no pipes');
  if (opts.tty) stderr.resume();
  child.stdin?.on('error', () => { /* container gone */ });
  return {
    stdin: child.stdin,
    stdout,
    stderr: opts.tty ? null : stderr,
    resize: ({ width, height }) => { void conmonResize(bundle, Math.floor(width), Math.floor(height)).catch(() => undefined); },
    done,
    close: () => { if (child.exitCode === null) child.kill('SIGTERM'); },
  };
}
