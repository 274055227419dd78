// What every controller is constructed with.
import type { EventRecorder } from '../../apimachinery/controller/index.js';
import type { Clock } from '../../apimachinery/controller/index.js';
import type { Logger } from '../../apimachinery/log.js';
import type { Clients, InformerFactory } from './clients.js';

export interface ControllerContext {
  informers: InformerFactory;
  clients: Clients;
  /** Makes an event recorder whose source.component is `component`. */
  recorder(component: string): EventRecorder;
  logger: Logger;
  clock: Clock;
}
