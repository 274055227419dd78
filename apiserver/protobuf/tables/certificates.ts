// Field tables for certificates.k8s.io/v1 CertificateSigningRequest: `kubectl certificate
// approve|deny` PUTs the whole object to the /approval subresource as protobuf.
// Numbers from staging/src/k8s.io/api/certificates/v1/generated.proto.

import type { TableSource } from './source.js';

export const certificatesTables: TableSource = {
  CertificateSigningRequest: {
    1: 'metadata:ObjectMeta',
    2: 'spec:CertificateSigningRequestSpec',
    3: 'status:CertificateSigningRequestStatus',
  },
  CertificateSigningRequestSpec: {
    1: 'request:bytes',
    7: 'signerName',
    8: 'expirationSeconds:int32?',
    5: 'usages:string[]',
    2: 'username',
    3: 'uid',
    4: 'groups:string[]',
    6: 'extra:map<StringList>',
  },
  CertificateSigningRequestStatus: {
    1: 'conditions:CertificateSigningRequestCondition[]',
    2: 'certificate:bytes',
  },
  CertificateSigningRequestCondition: {
    1: 'type',
    6: 'status',
    2: 'reason',
    3: 'message',
    4: 'lastUpdateTime:Time',
    5: 'lastTransitionTime:Time',
  },
};
