// Chains authorizers as kube-apiserver does with --authorization-mode: the first allow or deny
// wins; members of system:masters are always allowed (the privileged group); no opinion from
// all of them is a denial whose reason joins theirs.
import type { Attributes, Authorizer, Decision } from '../types.js';

export const privilegedGroup = 'system:masters';

export class AlwaysAllow implements Authorizer {
  async authorize(): Promise<{ decision: Decision; reason: string }> {
    return { decision: 'allow', reason: '' };
  }
}

export class Union implements Authorizer {
  constructor(private readonly members: readonly Authorizer[]) {}

  async authorize(a: Attributes): Promise<{ decision: Decision; reason: string }> {
    if (a.user.groups.includes(privilegedGroup)) return { decision: 'allow', reason: '' };
    const reasons: string[] = [];
    for (const m of this.members) {
      const r = await m.authorize(a);
      if (r.decision !== 'noopinion') return r;
      if (r.reason) reasons.push(r.reason);
    }
    return { decision: 'noopinion', reason: reasons.join('\n') };
  }
}
