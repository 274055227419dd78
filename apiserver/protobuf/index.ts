// Protobuf request bodies: kubectl 1.32's typed commands (create namespace/deployment/secret/
// configmap/service/serviceaccount/token/role/rolebinding/clusterrole/clusterrolebinding/
// priorityclass, auth can-i/whoami) POST, and `certificate approve|deny` PUTs,
// application/vnd.kubernetes.protobuf and never retry as JSON. This folder turns such a body
// into the plain JSON object the rest of the API server works with.

export { decodeProtobufBody, isProtobuf, PROTOBUF_CONTENT_TYPE, type DecodedBody } from './envelope.js';
export { messageFor, supportedKinds } from './kinds.js';
