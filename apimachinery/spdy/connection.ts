// A SPDY/3.1 session over any byte transport (a raw upgraded socket, or binary WebSocket messages
// as kubectl's tunnelled port-forward uses): frames in → streams out, in wire order. Each stream
// is a Node Duplex (DATA frames; end() sends FIN; remote FIN ends the readable side). The peer
// starts streams with odd ids when we are the server (even when we are the client); new ones are
// announced with 'stream' and must be answered with stream.reply(). PINGs are echoed. Flow
// control (WINDOW_UPDATE) is received and ignored, as the spdystream peer in kubectl does too.
import { EventEmitter } from 'node:events';
import { Duplex } from 'node:stream';
import { decodeFrame, encodeFrame, FrameSplitter, RstStatus, SpdyProtocolError, type Frame, type SpdyHeaders } from './frames.js';
import { HeaderCompressor, HeaderDecompressor } from './headers.js';

export interface SpdyTransport {
  /** Sends bytes; a returned promise means "buffer full": no more frames go out until it settles. */
  write(chunk: Buffer): void | Promise<void>;
  /** Ends the underlying connection. */
  close(): void;
}

export interface SpdyConnectionOptions {
  /** true: the peer opens odd stream ids (we are the server). */
  server: boolean;
  /** Largest DATA payload we send (default 32 KiB). */
  maxDataFrame?: number;
}

const GOAWAY_OK = 0, GOAWAY_PROTOCOL_ERROR = 1, GOAWAY_INTERNAL_ERROR = 2;

export class SpdyStream extends Duplex {
  /** Headers of the SYN_STREAM (peer-opened) or of the SYN_REPLY (once it came, locally opened). */
  replyHeaders: SpdyHeaders | undefined;
  private localFin = false;
  private remoteFin = false;
  private wasReset = false;
  /** Locally opened: the SYN_REPLY arrived; peer-opened: we sent ours. */
  private replied = false;
  private readonly replyWaiters: { resolve: (h: SpdyHeaders) => void; reject: (e: Error) => void }[] = [];

  constructor(private readonly conn: SpdyConnection, readonly id: number, readonly headers: SpdyHeaders, readonly local: boolean) {
    super({ allowHalfOpen: true });
  }

  /** First value of a SYN_STREAM header. */
  header(name: string): string | undefined { return this.headers[name.toLowerCase()]?.[0]; }

  /** Answers a peer-opened stream (SYN_REPLY). */
  reply(headers: SpdyHeaders = {}, fin = false): Promise<void> {
    if (this.replied) return Promise.resolve();
    this.replied = true;
    if (fin) this.localFin = true;
    return this.conn.send({ type: 'syn_reply', streamId: this.id, fin, headers });
  }

  /** For locally opened streams: resolves with the SYN_REPLY headers (rejects on RST_STREAM). */
  waitReply(): Promise<SpdyHeaders> {
    if (this.replyHeaders) return Promise.resolve(this.replyHeaders);
    if (this.wasReset) return Promise.reject(new Error(`stream ${this.id} was reset`));
    return new Promise((resolve, reject) => this.replyWaiters.push({ resolve, reject }));
  }

  /** Sends RST_STREAM and drops the stream. */
  reset(status: number = RstStatus.CANCEL): void {
    if (!this.wasReset && !(this.localFin && this.remoteFin)) void this.conn.send({ type: 'rst_stream', streamId: this.id, status });
    this.wasReset = true;
    this.destroy();
  }

  get isReset(): boolean { return this.wasReset; }

  // ---- called by the connection
  onReply(headers: SpdyHeaders, fin: boolean): void {
    this.replyHeaders = headers;
    this.replied = true;
    for (const w of this.replyWaiters.splice(0)) w.resolve(headers);
    if (fin) this.onRemoteFin();
  }

  onData(data: Buffer, fin: boolean): void {
    if (data.length && !this.remoteFin && !this.destroyed) this.push(data);
    if (fin) this.onRemoteFin();
  }

  onRemoteFin(): void {
    if (this.remoteFin) return;
    this.remoteFin = true;
    if (!this.destroyed) this.push(null);
  }

  onReset(status: number): void {
    this.wasReset = true;
    for (const w of this.replyWaiters.splice(0)) w.reject(new Error(`stream ${this.id} was reset (status ${status})`));
    this.emit('reset', status);
    this.destroy();
  }

  // ---- Duplex
  override _read(): void { /* data is pushed as frames arrive */ }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.wasReset) { cb(new Error(`stream ${this.id} was reset`)); return; }
    this.conn.sendData(this.id, chunk, false).then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.localFin || this.wasReset) { cb(); return; }
    this.localFin = true;
    this.conn.sendData(this.id, Buffer.alloc(0), true).then(() => cb(), cb);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.wasReset && !(this.localFin && this.remoteFin) && !this.conn.closed) {
      this.wasReset = true;
      void this.conn.send({ type: 'rst_stream', streamId: this.id, status: RstStatus.CANCEL });
    }
    for (const w of this.replyWaiters.splice(0)) w.reject(new Error(`stream ${this.id} closed`));
    this.conn.forget(this.id);
    cb(err);
  }
}

export class SpdyConnection extends EventEmitter {
  private readonly splitter = new FrameSplitter();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly pings = new Map<number, () => void>();
  private inbound: Promise<void> = Promise.resolve();
  private outbound: Promise<void> = Promise.resolve();
  private nextStreamId: number;
  private nextPingId: number;
  private lastPeerStream = 0;
  private goneAway = false;
  closed = false;
  private closing = false;
  private readonly maxData: number;

  constructor(private readonly transport: SpdyTransport, private readonly o: SpdyConnectionOptions) {
    super();
    this.nextStreamId = o.server ? 2 : 1;
    this.nextPingId = o.server ? 2 : 1;
    this.maxData = o.maxDataFrame ?? 32 * 1024;
  }

  /** Bytes from the transport. */
  feed(chunk: Buffer): void {
    if (this.closed) return;
    let raws;
    try {
      raws = this.splitter.push(chunk);
    } catch (err) {
      this.fail(err);
      return;
    }
    for (const raw of raws) {
      this.inbound = this.inbound.then(async () => {
        if (this.closed) return;
        const frame = await decodeFrame(raw, (b) => this.decompressor.decompress(b));
        if (frame) this.handle(frame);
      }).catch((err: unknown) => this.fail(err));
    }
  }

  /** The transport is gone: every stream ends. */
  transportClosed(): void {
    if (this.closed || this.closing) return;
    this.closing = true;
    // Frames already received are still handled (a GOAWAY just before the close, say).
    void this.inbound.then(() => this.finish());
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.streams.values()]) s.destroy();
    this.streams.clear();
    this.compressor.close();
    this.decompressor.close();
    this.emit('close');
  }

  /** GOAWAY, then closes the transport once queued frames are out. */
  close(status = GOAWAY_OK): void {
    if (this.closed) return;
    if (!this.goneAway) {
      this.goneAway = true;
      void this.send({ type: 'goaway', lastGoodStreamId: this.lastPeerStream, status });
    }
    void this.outbound.then(() => {
      this.transport.close();
      this.finish();
    });
  }

  /** Opens a stream (SYN_STREAM); wait for the peer's answer with stream.waitReply(). */
  openStream(headers: SpdyHeaders, fin = false): SpdyStream {
    if (this.closed || this.goneAway) throw new Error('SPDY connection is closed');
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const s = new SpdyStream(this, id, headers, true);
    this.streams.set(id, s);
    void this.send({ type: 'syn_stream', streamId: id, associatedTo: 0, priority: 0, fin, unidirectional: false, headers });
    if (fin) s.end();
    return s;
  }

  /** Sends a PING and resolves when the peer echoes it. */
  ping(): Promise<void> {
    const id = this.nextPingId;
    this.nextPingId += 2;
    return new Promise((resolve) => {
      this.pings.set(id, resolve);
      void this.send({ type: 'ping', id });
    });
  }

  get streamCount(): number { return this.streams.size; }

  // ---- used by SpdyStream
  send(frame: Frame): Promise<void> {
    const next = this.outbound.then(async () => {
      if (this.closed) return;
      const block = 'headers' in frame ? await this.compressor.compress(frame.headers) : undefined;
      if (!this.closed) await this.transport.write(encodeFrame(frame, block));
    });
    this.outbound = next.catch((err: unknown) => this.fail(err));
    return next;
  }

  async sendData(streamId: number, data: Buffer, fin: boolean): Promise<void> {
    if (this.closed) throw new Error('SPDY connection is closed');
    if (data.length === 0) {
      await this.send({ type: 'data', streamId, fin, data });
      return;
    }
    for (let at = 0; at < data.length; at += this.maxData) {
      const last = at + this.maxData >= data.length;
      await this.send({ type: 'data', streamId, fin: fin && last, data: data.subarray(at, at + this.maxData) });
    }
  }

  forget(id: number): void { this.streams.delete(id); }

  private peerOpened(id: number): boolean { return (id % 2 === 1) === this.o.server; }

  private handle(f: Frame): void {
    switch (f.type) {
      case 'syn_stream': {
        if (!this.peerOpened(f.streamId) || f.streamId <= this.lastPeerStream) {
          void this.send({ type: 'rst_stream', streamId: f.streamId, status: RstStatus.PROTOCOL_ERROR });
          return;
        }
        this.lastPeerStream = f.streamId;
        if (this.goneAway) {
          void this.send({ type: 'rst_stream', streamId: f.streamId, status: RstStatus.REFUSED_STREAM });
          return;
        }
        const s = new SpdyStream(this, f.streamId, f.headers, false);
        this.streams.set(f.streamId, s);
        if (f.unidirectional) s.end();
        if (f.fin) s.onRemoteFin();
        this.emit('stream', s);
        return;
      }
      case 'syn_reply': this.streams.get(f.streamId)?.onReply(f.headers, f.fin); return;
      case 'headers': {
        const s = this.streams.get(f.streamId);
        if (!s) return;
        s.emit('headers', f.headers);
        if (f.fin) s.onRemoteFin();
        return;
      }
      case 'data': this.streams.get(f.streamId)?.onData(f.data, f.fin); return;
      case 'rst_stream': this.streams.get(f.streamId)?.onReset(f.status); return;
      case 'ping': {
        if ((f.id % 2 === 1) === this.o.server) { void this.send(f); return; }
        const done = this.pings.get(f.id);
        this.pings.delete(f.id);
        done?.();
        return;
      }
      case 'goaway':
        this.goneAway = true;
        this.emit('goaway', f.lastGoodStreamId, f.status);
        return;
      case 'settings':
      case 'window_update':
        return;
    }
  }

  private fail(err: unknown): void {
    if (this.closed) return;
    this.emit('protocolError', err instanceof Error ? err : new Error(String(err)));
    this.close(err instanceof SpdyProtocolError ? GOAWAY_PROTOCOL_ERROR : GOAWAY_INTERNAL_ERROR);
  }
}
