// The create-only authentication reviews: SelfSubjectReview (who am I: `kubectl auth whoami`) and
// TokenReview (who does this token belong to), answered as authentication.k8s.io/v1 objects.
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import type { UserInfo } from '../types.js';
import { unauthorizedReason } from '../lookup.js';

/** Answers one create of a review resource for `user`; the result is sent back with 201. */
export type ReviewHandler = (review: Obj, ctx: { user: UserInfo; namespace?: string }) => Promise<Obj>;

export function userInfoObject(u: UserInfo): Obj {
  const o: Obj = { username: u.name };
  if (u.uid) o.uid = u.uid;
  if (u.groups.length > 0) o.groups = [...u.groups];
  if (u.extra && Object.keys(u.extra).length > 0) o.extra = u.extra;
  return o;
}

export const selfSubjectReview: ReviewHandler = async (review, { user }) => ({
  kind: 'SelfSubjectReview',
  apiVersion: typeof review.apiVersion === 'string' ? review.apiVersion : 'authentication.k8s.io/v1',
  metadata: { ...(isObj(review.metadata) ? review.metadata : {}), creationTimestamp: null },
  status: { userInfo: userInfoObject(user) },
});

/** TokenReview over the server's token authenticators (the same ones bearer tokens meet). */
export function tokenReview(authenticate: (token: string) => Promise<UserInfo>, apiAudiences: string[]): ReviewHandler {
  return async (review) => {
    const spec = isObj(review.spec) ? review.spec : {};
    const token = typeof spec.token === 'string' ? spec.token : '';
    const wanted = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences.map(String) : apiAudiences;
    const base = { kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, spec: { ...spec } };
    let status: Obj;
    try {
      if (token === '') throw new Error('token is empty');
      const user = await authenticate(token);
      const audiences = wanted.filter((a) => apiAudiences.includes(a));
      status = audiences.length > 0 ? { authenticated: true, user: userInfoObject(user), audiences } : { user: {}, error: 'token audiences do not match the requested audiences' };
    } catch (e) {
      status = { user: {}, error: `[invalid bearer token, ${unauthorizedReason(e)}]` };
    }
    return { ...base, status };
  };
}
