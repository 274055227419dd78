// authorization.k8s.io access reviews: create-only, answered without storage (handlers/reviews.ts).
import { createOnly, defineResource } from '../strategy/define.js';

const review = (kind: string, plural: string, namespaced = false) =>
  defineResource({ group: 'authorization.k8s.io', version: 'v1', kind, plural, namespaced, verbs: createOnly });

export const selfsubjectaccessreviews = review('SelfSubjectAccessReview', 'selfsubjectaccessreviews');
export const subjectaccessreviews = review('SubjectAccessReview', 'subjectaccessreviews');
export const localsubjectaccessreviews = review('LocalSubjectAccessReview', 'localsubjectaccessreviews', true);
export const selfsubjectrulesreviews = review('SelfSubjectRulesReview', 'selfsubjectrulesreviews');
