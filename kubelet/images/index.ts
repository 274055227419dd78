// kubelet/images: the node's image service: OCI distribution client (tokens, basic auth, digests),
// a content store with layers unpacked for overlayfs, and archive loading.
export { ImageManager, type ImageManagerOptions } from './service.js';
export { ImageStore, type ImageRecord, type LayerRecord } from './store.js';
export { parseReference, formatReference, registryScheme, registryHost, type ImageReference } from './reference.js';
export { authFromDockerConfig, basicCredentials, parseChallenge } from './auth.js';
export { RegistrySession, type RegistryOptions, type FetchFn } from './registry.js';
export { unpackLayer, convertWhiteouts } from './unpack.js';
export { MediaType, MANIFEST_ACCEPT, sha256Digest } from './manifest.js';
