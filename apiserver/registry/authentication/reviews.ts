// authentication.k8s.io reviews: create-only, answered without storage (handlers/reviews.ts).
import { createOnly, defineResource } from '../strategy/define.js';

const review = (kind: string, plural: string) =>
  defineResource({ group: 'authentication.k8s.io', version: 'v1', kind, plural, namespaced: false, verbs: createOnly });

export const tokenreviews = review('TokenReview', 'tokenreviews');
export const selfsubjectreviews = review('SelfSubjectReview', 'selfsubjectreviews');
