// OCI distribution client over fetch: GET /v2/, manifests (with the four-type Accept header),
// blobs streamed to disk with their sha256 checked, Bearer token and Basic auth challenges.
// Errors carry the registry's own message (what the kubelet shows as ErrImagePull).
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { RuntimeError } from '../host/index.js';
import type { AuthConfig } from '../runtime/index.js';
import { basicCredentials, basicHeader, parseChallenge } from './auth.js';
import { MANIFEST_ACCEPT, sha256Digest } from './manifest.js';
import { registryHost, registryScheme, type ImageReference } from './reference.js';

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface RegistryOptions {
  insecureRegistries?: readonly string[];
  fetch?: FetchFn;
  userAgent?: string;
}

/** One pull's conversation with one registry (tokens are cached for its repository scope). */
export class RegistrySession {
  private authorization: string | undefined;
  private readonly base: string;
  private readonly fetchFn: FetchFn;

  constructor(private readonly ref: ImageReference, private readonly auth: AuthConfig | undefined,
    private readonly opts: RegistryOptions = {}) {
    this.base = `${registryScheme(ref.registry, opts.insecureRegistries)}://${registryHost(ref.registry)}`;
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
    if (auth?.registryToken) this.authorization = `Bearer ${auth.registryToken}`;
  }

  /** GET /v2/: checks the API and learns the auth challenge. */
  async ping(signal?: AbortSignal): Promise<void> {
    const res = await this.request('/v2/', {}, signal);
    await res.body?.cancel();
  }

  async manifest(reference: string, signal?: AbortSignal): Promise<{ body: Buffer; digest: string; contentType?: string }> {
    const res = await this.request(`/v2/${this.ref.repository}/manifests/${reference}`, { Accept: MANIFEST_ACCEPT }, signal);
    const body = Buffer.from(await res.arrayBuffer());
    const digest = sha256Digest(body);
    const claimed = res.headers.get('docker-content-digest');
    if (reference.startsWith('sha256:') && digest !== reference) {
      throw new RuntimeError('ImagePull', `manifest digest mismatch: wanted ${reference}, got ${digest}`);
    }
    if (claimed && claimed.startsWith('sha256:') && claimed !== digest) {
      throw new RuntimeError('ImagePull', `manifest digest mismatch: registry says ${claimed}, content is ${digest}`);
    }
    return { body, digest, contentType: res.headers.get('content-type') ?? undefined };
  }

  async blobBuffer(digest: string, signal?: AbortSignal): Promise<Buffer> {
    const res = await this.request(`/v2/${this.ref.repository}/blobs/${digest}`, {}, signal);
    const body = Buffer.from(await res.arrayBuffer());
    const got = sha256Digest(body);
    if (got !== digest) throw new RuntimeError('ImagePull', `blob digest mismatch: wanted ${digest}, got ${got}`);
    return body;
  }

  /** Streams a blob to `dest` (via a temp file), verifying its digest; returns its size. */
  async blobToFile(digest: string, dest: string, signal?: AbortSignal): Promise<number> {
    const res = await this.request(`/v2/${this.ref.repository}/blobs/${digest}`, {}, signal);
    if (!res.body) throw new RuntimeError('ImagePull', `empty body for blob ${digest}`);
    const tmp = `${dest}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) { hash.update(chunk); size += chunk.length; cb(null, chunk); },
    });
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), tap, createWriteStream(tmp), { signal });
      const got = `sha256:${hash.digest('hex')}`;
      if (got !== digest) throw new RuntimeError('ImagePull', `blob digest mismatch: wanted ${digest}, got ${got}`);
      await rename(tmp, dest);
      return size;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  private async request(path: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
    const url = `${this.base}${path}`;
    let res = await this.send(url, headers, signal);
    if (res.status === 401) {
      const challenge = res.headers.get('www-authenticate');
      await res.body?.cancel();
      await this.answerChallenge(challenge, signal);
      res = await this.send(url, headers, signal);
    }
    if (!res.ok) throw await registryError(res, url);
    return res;
  }

  private async send(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
    const h: Record<string, string> = { ...headers, 'User-Agent': this.opts.userAgent ?? 'k8ts-kubelet' };
    if (this.authorization) h.Authorization = this.authorization;
    try {
      return await this.fetchFn(url, { headers: h, signal, redirect: 'follow' });
    } catch (err) {
      if (signal?.aborted) throw err;
      const cause = (err as { cause?: { message?: string } }).cause?.message;
      throw new RuntimeError('ImagePull', `GET ${url}: ${(err as Error).message}${cause ? `: ${cause}` : ''}`, { cause: err });
    }
  }

  private async answerChallenge(header: string | null, signal?: AbortSignal): Promise<void> {
    const ch = header ? parseChallenge(header) : undefined;
    const creds = basicCredentials(this.auth);
    if (ch?.scheme === 'basic') {
      if (!creds) throw new RuntimeError('Unauthorized', `${this.ref.registry}: authentication required (basic) and no credentials given`);
      this.authorization = basicHeader(creds);
      return;
    }
    if (ch?.scheme !== 'bearer' || !ch.params.realm) {
      throw new RuntimeError('Unauthorized', `${this.ref.registry}: unsupported auth challenge "${header ?? ''}"`);
    }
    const u = new URL(ch.params.realm);
    if (ch.params.service) u.searchParams.set('service', ch.params.service);
    u.searchParams.set('scope', ch.params.scope ?? `repository:${this.ref.repository}:pull`);
    const h: Record<string, string> = { 'User-Agent': this.opts.userAgent ?? 'k8ts-kubelet' };
    if (creds) h.Authorization = basicHeader(creds);
    let res: Response;
    try {
      res = await this.fetchFn(u.toString(), { headers: h, signal });
    } catch (err) {
      throw new RuntimeError('ImagePull', `token request to ${u.origin}: ${(err as Error).message}`, { cause: err });
    }
    if (!res.ok) {
      const e = await registryError(res, u.toString());
      throw new RuntimeError('Unauthorized', e.message);
    }
    const tok = (await res.json()) as { token?: string; access_token?: string };
    const token = tok.token ?? tok.access_token;
    if (!token) throw new RuntimeError('Unauthorized', `token service ${u.origin} returned no token`);
    this.authorization = `Bearer ${token}`;
  }
}

/** Builds an error from a registry's JSON error body ({"errors":[{code,message,detail}]}). */
async function registryError(res: Response, url: string): Promise<RuntimeError> {
  const text = await res.text().catch(() => '');
  let detail = text.trim().slice(0, 500);
  try {
    const doc = JSON.parse(text) as { errors?: { code?: string; message?: string; detail?: unknown }[]; details?: string };
    if (doc.errors?.length) {
      detail = doc.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
    } else if (doc.details) detail = doc.details;
  } catch { /* not JSON */ }
  const msg = `GET ${url}: ${res.status} ${res.statusText}${detail ? `: ${detail}` : ''}`;
  if (res.status === 401 || res.status === 403) return new RuntimeError('Unauthorized', msg);
  if (res.status === 404) return new RuntimeError('NotFound', msg);
  return new RuntimeError('ImagePull', msg);
}
