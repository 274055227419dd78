// The contracts between the API server's request pipeline and its security modules, as in
// Kubernetes: authentication turns a request into a user, authorization decides on request
// attributes, admission checks (and may change) an object on its way to storage.
import type { IncomingMessage } from 'node:http';
import type { Obj } from '../../apimachinery/objects.js';

/** Who is asking (Kubernetes' user.Info). */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/**
 * One credential type (client certificate, bearer token, ServiceAccount JWT, bootstrap token).
 * Returns undefined when the request carries no credential of this type; throws
 * ApiError('Unauthorized') when it carries one that is wrong or expired.
 */
export interface Authenticator {
  authenticate(req: IncomingMessage): Promise<UserInfo | undefined>;
}

/** Kubernetes' authorizer.Attributes. */
export interface Attributes {
  user: UserInfo;
  verb: string; // get list watch create update patch delete deletecollection (+ use, bind, escalate, impersonate, approve, sign)
  resourceRequest: boolean;
  /** For non-resource requests, e.g. /healthz, /apis. */
  path: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  namespace: string; // '' when cluster-scoped or all namespaces
  name: string;
}

export type Decision = 'allow' | 'deny' | 'noopinion';

export interface Authorizer {
  authorize(a: Attributes): Promise<{ decision: Decision; reason: string }>;
}

/** What an admission plugin sees for one write. */
export interface AdmissionRequest {
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  user: UserInfo;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** The object being written (mutable for mutating plugins); undefined for DELETE. */
  object?: Obj;
  oldObject?: Obj;
}

/** Mutating (admit) and validating (validate) admission; throw ApiError (usually Forbidden) to reject. */
export interface AdmissionPlugin {
  name: string;
  admit?(r: AdmissionRequest): Promise<void>;
  validate?(r: AdmissionRequest): Promise<void>;
}
