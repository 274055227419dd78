// kubelet/volumes: pod volumes on the node (emptyDir, hostPath, configMap, secret, downwardAPI,
// projected, with ServiceAccount tokens from TokenRequest) and the atomic writer behind the API-backed ones.
export { setUpVolumes, tearDownPodDir, volumeDir, type VolumeResult, type VolumeOptions, type VolumeSources } from './render.js';
export { writeAtomic, safeRelative, type Payload } from './atomic.js';
export { TokenManager, type TokenRequester, type TokenResult } from './tokens.js';
