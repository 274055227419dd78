// Field tables for authentication.k8s.io (TokenRequest, TokenReview, SelfSubjectReview) and
// authorization.k8s.io (the access reviews). Numbers from staging/src/k8s.io/api/authentication/v1
// and authorization/v1 generated.proto; v1beta1/v1alpha1 use the same numbers.

import type { TableSource } from './source.js';

export const authTables: TableSource = {
  TokenRequest: { 1: 'metadata:ObjectMeta', 2: 'spec:TokenRequestSpec', 3: 'status:TokenRequestStatus' },
  TokenRequestSpec: {
    1: 'audiences:string[]',
    4: 'expirationSeconds:int64?',
    3: 'boundObjectRef:BoundObjectReference?',
  },
  BoundObjectReference: { 1: 'kind', 2: 'apiVersion', 3: 'name', 4: 'uid' },
  TokenRequestStatus: { 1: 'token', 2: 'expirationTimestamp:Time' },
  TokenReview: { 1: 'metadata:ObjectMeta', 2: 'spec:TokenReviewSpec', 3: 'status:TokenReviewStatus' },
  TokenReviewSpec: { 1: 'token', 2: 'audiences:string[]' },
  TokenReviewStatus: { 1: 'authenticated:bool', 2: 'user:UserInfo', 4: 'audiences:string[]', 3: 'error' },
  UserInfo: { 1: 'username', 2: 'uid', 3: 'groups:string[]', 4: 'extra:map<StringList>' },
  SelfSubjectReview: { 1: 'metadata:ObjectMeta', 2: 'status:SelfSubjectReviewStatus' },
  SelfSubjectReviewStatus: { 1: 'userInfo:UserInfo' },

  SelfSubjectAccessReview: {
    1: 'metadata:ObjectMeta',
    2: 'spec:SelfSubjectAccessReviewSpec',
    3: 'status:SubjectAccessReviewStatus',
  },
  SelfSubjectAccessReviewSpec: {
    1: 'resourceAttributes:ResourceAttributes?',
    2: 'nonResourceAttributes:NonResourceAttributes?',
  },
  SubjectAccessReview: {
    1: 'metadata:ObjectMeta',
    2: 'spec:SubjectAccessReviewSpec',
    3: 'status:SubjectAccessReviewStatus',
  },
  SubjectAccessReviewSpec: {
    1: 'resourceAttributes:ResourceAttributes?',
    2: 'nonResourceAttributes:NonResourceAttributes?',
    3: 'user',
    4: 'groups:string[]',
    5: 'extra:map<StringList>',
    6: 'uid',
  },
  ResourceAttributes: {
    1: 'namespace',
    2: 'verb',
    3: 'group',
    4: 'version',
    5: 'resource',
    6: 'subresource',
    7: 'name',
    8: 'fieldSelector:FieldSelectorAttributes?',
    9: 'labelSelector:LabelSelectorAttributes?',
  },
  FieldSelectorAttributes: { 1: 'rawSelector', 2: 'requirements:FieldSelectorRequirement[]' },
  FieldSelectorRequirement: { 1: 'key', 2: 'operator', 3: 'values:string[]' },
  LabelSelectorAttributes: { 1: 'rawSelector', 2: 'requirements:LabelSelectorRequirement[]' },
  NonResourceAttributes: { 1: 'path', 2: 'verb' },
  SubjectAccessReviewStatus: { 1: 'allowed:bool', 4: 'denied:bool', 2: 'reason', 3: 'evaluationError' },
  SelfSubjectRulesReview: {
    1: 'metadata:ObjectMeta',
    2: 'spec:SelfSubjectRulesReviewSpec',
    3: 'status:SubjectRulesReviewStatus',
  },
  SelfSubjectRulesReviewSpec: { 1: 'namespace' },
  SubjectRulesReviewStatus: {
    1: 'resourceRules:ResourceRule[]',
    2: 'nonResourceRules:NonResourceRule[]',
    3: 'incomplete:bool',
    4: 'evaluationError',
  },
  ResourceRule: { 1: 'verbs:string[]', 2: 'apiGroups:string[]', 3: 'resources:string[]', 4: 'resourceNames:string[]' },
  NonResourceRule: { 1: 'verbs:string[]', 2: 'nonResourceURLs:string[]' },
};
