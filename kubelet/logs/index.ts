// kubelet/logs: CRI container log files on the node: rotation by size and count.
export { ContainerLogManager, rotatedLogs, rotationStamp, type LogRotationOptions } from './rotation.js';
