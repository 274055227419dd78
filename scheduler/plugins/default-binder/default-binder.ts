// DefaultBinder: binds the pod through pods/binding.
import type { V1Pod } from '@kubernetes/client-node';
import type { CycleState } from '../../framework/cycle-state.js';
import { Status } from '../../framework/status.js';
import type { BindPlugin, Handle } from '../../framework/types.js';

export const NAME = 'DefaultBinder';

export class DefaultBinder implements BindPlugin {
  readonly name = NAME;

  constructor(private readonly handle: Handle) {}

  async bind(_state: CycleState, pod: V1Pod, nodeName: string, signal: AbortSignal): Promise<Status> {
    try {
      await this.handle.actions.bind(pod, nodeName, signal);
      return Status.success();
    } catch (err) {
      return Status.error(err);
    }
  }
}

export function newDefaultBinder(_args: unknown, handle: Handle): DefaultBinder {
  return new DefaultBinder(handle);
}
