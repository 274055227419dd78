// The portforward.k8s.io protocol on a SPDY session, driven by our own SPDY client as kubectl
// drives it: an error + data stream pair per connection (headers streamtype, port, requestid),
// data both ways with half-close, a failed dial reported as text on the error stream, bad headers
// reset, and interleaved pairs kept apart.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../apimachinery/log.js';
import { SpdyConnection, type SpdyStream } from '../../apimachinery/spdy/index.js';
import { servePortForwardSpdy, type ForwardTarget } from './portforward.js';

function session(target: ForwardTarget): SpdyConnection {
  let client!: SpdyConnection;
  let server!: SpdyConnection;
  client = new SpdyConnection({ write: (b) => setImmediate(() => server.feed(b)), close: () => setImmediate(() => server.transportClosed()) }, { server: false });
  server = new SpdyConnection({ write: (b) => setImmediate(() => client.feed(b)), close: () => setImmediate(() => client.transportClosed()) }, { server: true });
  servePortForwardSpdy(server, target, silentLogger());
  return client;
}

function readAll(s: SpdyStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    s.on('data', (d: Buffer) => (text += d.toString()));
    s.once('end', () => resolve(text));
    s.once('close', () => resolve(text));
  });
}

/** What kubectl does per local connection: error stream (half-closed at once), then data stream. */
async function openPair(c: SpdyConnection, port: number, requestId: number): Promise<{ data: SpdyStream; error: SpdyStream }> {
  const headers = { streamtype: ['error'], port: [String(port)], requestid: [String(requestId)] };
  const error = c.openStream(headers);
  await error.waitReply();
  error.end();
  const data = c.openStream({ ...headers, streamtype: ['data'] });
  await data.waitReply();
  return { data, error };
}

describe('portforward.k8s.io over SPDY', () => {
  let echo: Server;
  let port: number;
  const dialed: number[] = [];
  const target: ForwardTarget = {
    pod: 'default/web', uid: 'u-1',
    dial: (p) => new Promise((resolve, reject) => {
      dialed.push(p);
      const s = connect({ host: '127.0.0.1', port: p });
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    }),
  };

  beforeAll(async () => {
    // Answers "<port>:<what it read>" once the client half-closes.
    echo = createServer((s) => {
      let got = '';
      s.on('data', (d: Buffer) => (got += d.toString()));
      s.on('end', () => s.end(`echo:${got}`));
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    port = (echo.address() as AddressInfo).port;
  });
  afterAll(async () => { await new Promise<void>((r) => echo.close(() => r())); });

  it('pipes a connection with half-close and ends the error stream empty', async () => {
    const c = session(target);
    const { data, error } = await openPair(c, port, 0);
    const errText = readAll(error);
    const reply = readAll(data);
    data.end('hello');
    expect(await reply).toBe('echo:hello');
    data.reset(); // as kubectl does once the remote side finished
    expect(await errText).toBe('');
    c.close();
  });

  it('keeps interleaved pairs apart', async () => {
    const c = session(target);
    const a = await openPair(c, port, 1);
    const b = await openPair(c, port, 2);
    const [ra, rb] = [readAll(a.data), readAll(b.data)];
    b.data.end('second');
    a.data.end('first');
    expect(await Promise.all([ra, rb])).toEqual(['echo:first', 'echo:second']);
    c.close();
  });

  it('writes a failed dial on the error stream and ends the data stream', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const c = session(target);
    const { data, error } = await openPair(c, closedPort, 3);
    const [d, e] = [readAll(data), readAll(error)];
    expect(await d).toBe('');
    expect(await e).toMatch(new RegExp(`^error forwarding port ${closedPort} to pod default/web, uid u-1: connect ECONNREFUSED`));
    c.close();
  });

  it('resets streams with bad headers and does not dial', async () => {
    const c = session(target);
    const before = dialed.length;
    const s = c.openStream({ streamtype: ['data'], port: ['not-a-port'], requestid: ['9'] });
    await expect(s.waitReply()).rejects.toThrow(/reset/);
    expect(dialed.length).toBe(before);
    c.close();
  });
});
