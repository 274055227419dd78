// A test HTTP server that records every request (method, URL, content type, JSON body) and answers
// with whatever `respond` returns, for checking what an API client sends without an API server.
import { createServer, type IncomingMessage } from 'node:http';

export interface SeenRequest {
  method: string;
  url: string;
  contentType?: string;
  body: unknown;
}

export interface RecordingServer {
  /** http://127.0.0.1:<port> */
  base: string;
  seen: SeenRequest[];
  respond: (req: IncomingMessage) => { code: number; body: unknown };
  close(): Promise<void>;
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const rs: Omit<RecordingServer, 'base' | 'close'> = { seen: [], respond: () => ({ code: 200, body: {} }) };
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      rs.seen.push({ method: req.method!, url: req.url!, contentType: req.headers['content-type'], body: data ? JSON.parse(data) : undefined });
      const r = rs.respond(req);
      res.writeHead(r.code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  const base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  return Object.assign(rs, { base, close: () => new Promise<void>((r) => server.close(() => r())) });
}
