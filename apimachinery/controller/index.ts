// The controller kit: workqueue, informers + indexer, the reconcile runner, expectations, the
// event recorder and Lease-based leader election. Controllers build on this and client-node only.
export { type Clock, type TimerHandle, realClock, sleep, jitter } from './clock.js';
export { type ObjectKey, keyOf, keyString, parseKey } from './keys.js';
export { type RateLimiter, ItemExponentialRateLimiter } from './ratelimiter.js';
export { WorkQueue, type WorkQueueOptions } from './workqueue.js';
export { Indexer, NamespaceIndex, type IndexFunc, type Lister, type Store } from './store.js';
export {
  type Informer,
  type EventHandler,
  type DeliveryType,
  InformerBase,
  FakeInformer,
  waitForCacheSync,
} from './informer.js';
export { ListWatchInformer, normalize, type ListWatchSource, type ListWatchInformerOptions } from './listwatch.js';
export { Controller, type ControllerOptions, type Reconciler, type Result } from './controller.js';
export {
  ControllerBuilder,
  ownerKey,
  namespaceOfNamed,
  type BuilderOptions,
  type Enqueue,
  type MapFunc,
  type OwnsOptions,
  type WatchEvent,
  type WatchOptions,
} from './builder.js';
export {
  TerminalError,
  isTerminal,
  statusCode,
  statusReason,
  isNotFound,
  isGone,
  isAlreadyExists,
  isConflict,
  isInvalid,
  errorMessage,
} from './errors.js';
export { Expectations, ExpectationsTimeoutMs } from './expectations.js';
export {
  type EventSink,
  type EventRecorder,
  type EventType,
  type RecorderOptions,
  Recorder,
  FakeRecorder,
  objectReference,
} from './events.js';
export { LeaderElector, type LeaseClient, type LeaderElectionOptions, type LeadingOutcome } from './leaderelection.js';
export { getControllerOf, isControlledBy, controllerRef, toMillis, deepCopy, isBeingDeleted } from './meta.js';
export { selectorMatcher, mapSelectorMatcher, selectorString, type Matcher, type Labels } from './selector.js';
