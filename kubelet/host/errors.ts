// The node runtime's error catalogue: one class with a code, like CRI's gRPC status codes.
// Expected outcomes (a container exiting non-zero, an exec's exit code) are values, not errors.
// Also errorMessage(), the message of any thrown value, for logs and pod/event messages.

export type RuntimeErrorCode =
  | 'NotFound'            // no such sandbox / container / image
  | 'InvalidArgument'     // bad config or reference
  | 'FailedPrecondition'  // e.g. starting a container whose sandbox is not ready
  | 'ImagePull'           // registry or transfer failure (kubelet: ErrImagePull)
  | 'Unauthorized'        // registry refused our credentials
  | 'DeadlineExceeded'    // a timeout elapsed
  | 'Internal';           // a host tool (runc, conmon, mount, CNI plugin) failed

export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
  constructor(readonly code: RuntimeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export const runtimeErrors = {
  notFound: (what: string, id: string) => new RuntimeError('NotFound', `${what} "${id}" not found`),
  invalid: (msg: string) => new RuntimeError('InvalidArgument', msg),
  precondition: (msg: string) => new RuntimeError('FailedPrecondition', msg),
  internal: (msg: string, cause?: unknown) => new RuntimeError('Internal', msg, { cause }),
};

export function isNotFound(err: unknown): boolean {
  return err instanceof RuntimeError && err.code === 'NotFound';
}

export { errorMessage } from '../../apimachinery/component/index.js';
