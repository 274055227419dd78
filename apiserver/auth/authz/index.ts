// Authorization: the --authorization-mode chain (AlwaysAllow, Node, RBAC) behind one Authorizer,
// RBAC's rule matcher and resolver (for rules reviews and escalation checks).
import type { Logger } from '../../../apimachinery/log.js';
import type { Store } from '../../storage/types.js';
import type { Authorizer } from '../types.js';
import { NodeAuthorizer } from './node.js';
import { RBACAuthorizer } from './rbac.js';
import { AlwaysAllow, Union } from './union.js';

export { RBACAuthorizer } from './rbac.js';
export { NodeAuthorizer, nodeIdentity } from './node.js';
export { AlwaysAllow, Union, privilegedGroup } from './union.js';
export { impersonate, wantsImpersonation, withImpersonation } from './impersonation.js';
export { type PolicyRule, type Subject, type RoleRef, ruleAllows, rulesAllow, uncovered, compactRule, rulesOf } from './rules.js';

export const authorizationModes = ['AlwaysAllow', 'Node', 'RBAC'] as const;

export interface ConfiguredAuthorizer extends Authorizer {
  /** The RBAC resolver when RBAC is among the modes (rules reviews, escalation checks). */
  readonly rbac?: RBACAuthorizer;
  close(): void;
}

/**
 * Builds the union of `modes` in order. Node and RBAC load their caches from storage before this
 * resolves, so the first request is decided on current data.
 */
export async function newAuthorizer(modes: string[], deps: { store: Store; log: Logger }): Promise<ConfiguredAuthorizer> {
  const members: Authorizer[] = [];
  const closers: (() => void)[] = [];
  let rbac: RBACAuthorizer | undefined;
  try {
    for (const mode of modes) {
      switch (mode) {
        case 'AlwaysAllow':
          members.push(new AlwaysAllow());
          break;
        case 'Node': {
          const n = new NodeAuthorizer(deps.store, deps.log.child({ authorizer: 'Node' }));
          closers.push(() => n.close());
          await n.start();
          members.push(n);
          break;
        }
        case 'RBAC': {
          const r = new RBACAuthorizer(deps.store, deps.log.child({ authorizer: 'RBAC' }));
          closers.push(() => r.close());
          await r.start();
          rbac = r;
          members.push(r);
          break;
        }
        default:
          throw new Error(`unknown authorization mode "${mode}" (supported: ${authorizationModes.join(', ')})`);
      }
    }
  } catch (e) {
    for (const c of closers) c();
    throw e;
  }
  const union = new Union(members);
  return {
    rbac,
    authorize: (a) => union.authorize(a),
    close: () => {
      for (const c of closers) c();
    },
  };
}
