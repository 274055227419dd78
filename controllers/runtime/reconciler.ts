// What every controller shares: its logger, the Controller its builder wiring makes, and
// run(signal). A controller extends ReconcilerBase and keeps only its own informers, wiring and
// reconcile.
import { ControllerBuilder, type Controller, type ObjectKey, type Reconciler, type Result } from '../../apimachinery/controller/index.js';
import type { Logger } from '../../apimachinery/log.js';
import type { ControllerContext } from './context.js';

/** The options of a controller that has no others than its worker count. */
export interface WorkerOptions {
  workers?: number;
}

export abstract class ReconcilerBase implements Reconciler {
  protected readonly log: Logger;
  private wired: Controller | undefined;

  constructor(
    protected readonly ctx: ControllerContext,
    /** The controller's name: its logger's `controller` field and its workqueue's name. */
    readonly name: string,
  ) {
    this.log = ctx.logger.child({ controller: name });
  }

  /** The Controller made by `complete`; the subclass's constructor must have called it. */
  get controller(): Controller {
    if (!this.wired) throw new Error(`controller ${this.name}: complete() was not called`);
    return this.wired;
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  abstract reconcile(key: ObjectKey, signal: AbortSignal): Promise<Result | void>;

  /** A builder named and logged like this controller. */
  protected builder(workers: number): ControllerBuilder {
    return new ControllerBuilder({ name: this.name, logger: this.log, workers });
  }

  /** Ends the builder wiring with this object as the reconciler. */
  protected complete(builder: ControllerBuilder): void {
    this.wired = builder.complete(this);
  }
}
