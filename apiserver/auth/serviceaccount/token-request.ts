// The serviceaccounts/token subresource (TokenRequest, authentication.k8s.io/v1): checks the
// request as kube-apiserver does (expiry bounds, bound object exists with the same uid, a pod runs
// as this ServiceAccount), signs a token and answers the TokenRequest with status.token.
import { ApiError, errors, fieldErrors, type FieldError } from '../../../apimachinery/errors.js';
import { isObj, type Obj } from '../../../apimachinery/objects.js';
import type { ObjectGetter } from '../lookup.js';
import type { SigningKey } from './jwt.js';
import { issueToken, type Ref } from './tokens.js';

export interface TokenRequestDeps {
  key: SigningKey;
  issuer: string;
  /** Default audiences (the API server's). */
  audiences: string[];
  objects: ObjectGetter;
  /** Upper bound on expirationSeconds (--service-account-max-token-expiration); none when undefined. */
  maxExpirationSeconds?: number;
  clock?: () => Date;
}

const boundKinds: Record<string, 'pods' | 'secrets' | 'nodes'> = { Pod: 'pods', Secret: 'secrets', Node: 'nodes' };

function metaOf(o: Obj): Obj {
  return isObj(o.metadata) ? o.metadata : {};
}

/** Answers one TokenRequest for the ServiceAccount `sa` (the live object). */
export async function answerTokenRequest(deps: TokenRequestDeps, sa: Obj, request: Obj): Promise<Obj> {
  const m = metaOf(sa);
  const ns = String(m.namespace ?? '');
  const saName = String(m.name ?? '');
  const spec = isObj(request.spec) ? request.spec : {};
  const errs: FieldError[] = [];
  const exp = spec.expirationSeconds === undefined || spec.expirationSeconds === null ? 3600 : spec.expirationSeconds;
  if (typeof exp !== 'number' || !Number.isInteger(exp)) errs.push(fieldErrors.invalid('spec.expirationSeconds', exp, 'must be an integer'));
  else if (exp < 600) errs.push(fieldErrors.invalid('spec.expirationSeconds', exp, 'may not specify a duration less than 10 minutes'));
  else if (exp > 2 ** 32) errs.push(fieldErrors.invalid('spec.expirationSeconds', exp, 'may not specify a duration larger than 2^32 seconds'));
  const audiences = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences.map(String) : deps.audiences;
  const bound = isObj(spec.boundObjectRef) ? spec.boundObjectRef : undefined;
  const boundKind = bound ? String(bound.kind ?? '') : '';
  if (bound && !boundKinds[boundKind]) errs.push(fieldErrors.notSupported('spec.boundObjectRef.kind', boundKind, Object.keys(boundKinds)));
  if (bound && (typeof bound.name !== 'string' || bound.name === '')) errs.push(fieldErrors.required('spec.boundObjectRef.name'));
  if (errs.length > 0) throw errors.invalid('TokenRequest', saName, errs, 'authentication.k8s.io');

  const refs: { pod?: Ref; secret?: Ref; node?: Ref } = {};
  if (bound) {
    const resource = boundKinds[boundKind];
    const name = String(bound.name);
    const obj = await deps.objects.get(resource, resource === 'nodes' ? undefined : ns, name);
    if (!obj) throw errors.notFound(resource, name);
    const uid = String(metaOf(obj).uid ?? '');
    if (typeof bound.uid === 'string' && bound.uid !== '' && bound.uid !== uid)
      throw new ApiError('Conflict', `Operation cannot be fulfilled on ${resource} "${name}": the UID in the bound object reference (${bound.uid}) does not match the UID in record. The object might have been deleted and then recreated`, { name, kind: resource });
    if (resource === 'pods') {
      const podSA = isObj(obj.spec) && typeof obj.spec.serviceAccountName === 'string' ? obj.spec.serviceAccountName : 'default';
      if (podSA !== saName) throw errors.badRequest(`cannot bind token for serviceaccount "${saName}" to pod running with different serviceaccount name.`);
    }
    const r = { name, uid };
    if (resource === 'pods') refs.pod = r;
    else if (resource === 'secrets') refs.secret = r;
    else refs.node = r;
  }
  const seconds = deps.maxExpirationSeconds !== undefined ? Math.min(exp as number, deps.maxExpirationSeconds) : (exp as number);
  const issued = await issueToken(deps.key, {
    issuer: deps.issuer,
    audiences,
    namespace: ns,
    serviceAccount: { name: saName, uid: String(m.uid ?? '') },
    ...refs,
    expirationSeconds: seconds,
    now: (deps.clock ?? (() => new Date()))(),
  });
  const outSpec: Obj = { audiences, expirationSeconds: seconds };
  if (bound) outSpec.boundObjectRef = bound;
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: saName, namespace: ns, creationTimestamp: null },
    spec: outSpec,
    status: { token: issued.token, expirationTimestamp: issued.expirationTimestamp },
  };
}
