// What the resource handlers need, injected once by the server: the registry and the pluggable
// engines (patch, apply, table printing, field selectors, schema checks, protobuf decoding).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../apimachinery/log.js';
import type { Obj } from '../../apimachinery/objects.js';
import type { Registry } from '../registry/rest.js';
import type { ResourceInfo } from '../registry/resources.js';
import type { ComputedEnv } from '../registry/strategy/types.js';
import type { ProtobufDecoder } from '../server/request/decode.js';
import type { UserInfo } from '../auth/types.js';
import type { ReviewHandler } from '../auth/authn/reviews.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, set by the authentication step before any handler runs. */
    user?: UserInfo;
  }
}

export interface GVK {
  group: string;
  version: string;
  kind: string;
}

export interface TableOptions {
  now: Date;
  includeObject?: 'None' | 'Metadata' | 'Object';
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  noHeaders?: boolean;
}

export interface Engines {
  /** JSON patch, merge patch, strategic merge patch by Content-Type. */
  patch(contentType: string, live: Obj, body: unknown, gvk: GVK): Obj;
  /** Server-side apply; throws 409 on conflicts unless force. */
  apply(args: { live?: Obj; applied: Obj; manager: string; force: boolean; gvk: GVK; now: string }): Obj;
  /** Records Update-operation field ownership on `updated` (metadata.managedFields). */
  managedFields?(info: ResourceInfo, live: Obj | undefined, updated: Obj, manager: string, now: string, subresource?: string): void;
  toTable(info: ResourceInfo, items: Obj[], opts: TableOptions): Obj;
  /** Returns a predicate on stored objects for ?fieldSelector= in `info`'s labels; throws 400 for unsupported fields. */
  fieldFilter(info: ResourceInfo, selector: string): (o: Obj) => boolean;
  /** Paths of fields not in the schema (fieldValidation). */
  unknownFields?(gvk: GVK, o: Obj): string[];
  duplicateFields?(rawJson: string): string[];
  protobuf?: ProtobufDecoder;
}

export interface HandlerContext {
  registry: Registry;
  engines: Engines;
  log: Logger;
  /** serviceaccounts/token: answers a TokenRequest for the live ServiceAccount; undefined without a signing key. */
  tokenRequest?: (serviceAccount: Obj, request: Obj) => Promise<Obj>;
  /** What computed resources (componentstatuses) read; undefined: they answer 503. */
  computed?: ComputedEnv;
  /** Create-only resources answered without storage (TokenReview, SelfSubjectReview, access reviews), keyed "group/plural". */
  reviews?: Map<string, ReviewHandler>;
  /**
   * Where pods/log, exec, attach, portforward go; undefined until kubelets serve them. Called after
   * reply.hijack(): it answers on `res`, or for upgrades takes over `req.socket` (see
   * server/kubelet-proxy.ts).
   */
  kubeletProxy?: (args: { node: Obj; pod: Obj; subresource: string; query: Record<string, unknown>; req: IncomingMessage; res: ServerResponse }) => Promise<void>;
}
