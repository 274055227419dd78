// The set-up the CSR controllers share: keyed by CSR name, reconciled on adds and updates of the
// one CSR informer they are given, writing through CSRApi.
import { ControllerBuilder, type Controller, type Informer, type ObjectKey, type Reconciler } from '../../apimachinery/controller/index.js';
import type { Logger } from '../../apimachinery/log.js';
import type { CSR, CSRApi } from './api.js';

export abstract class CSRController implements Reconciler {
  readonly controller: Controller;
  protected readonly log: Logger;

  constructor(
    name: string,
    protected readonly csrs: Informer<CSR>,
    protected readonly api: CSRApi,
    logger: Logger,
    workers = 1,
  ) {
    this.log = logger.child({ controller: name });
    this.controller = new ControllerBuilder({ name, logger: this.log, workers }).for(csrs, { on: ['add', 'update'] }).complete(this);
  }

  run(signal: AbortSignal): Promise<void> {
    return this.controller.run(signal);
  }

  abstract reconcile(key: ObjectKey, signal: AbortSignal): Promise<void>;
}
