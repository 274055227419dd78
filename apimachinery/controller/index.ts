// The shared client layer for everything that talks to the API (controllers and the scheduler):
// keep-alive clients, informers + listers (one list/watch lifecycle with backoff and resync), the
// workqueue with rate-limited retries, the reconcile runner and its For/Owns builder, expectations,
// the event recorder and Lease-based leader election. Components build on this and client-node only.
export { type Clock, type TimerHandle, realClock, sleep, jitter } from './clock.js';
export { type ObjectKey, keyOf, keyString, parseKey } from './keys.js';
export { type RateLimiter, ItemExponentialRateLimiter } from './ratelimiter.js';
export { WorkQueue, collectQueues, type WorkQueueOptions } from './workqueue.js';
export { Indexer, NamespaceIndex, type IndexFunc, type Lister, type Store } from './store.js';
export {
  type Informer,
  type EventHandler,
  type DeliveryType,
  InformerBase,
  FakeInformer,
  waitForCacheSync,
} from './informer.js';
export {
  ListWatchInformer,
  normalize,
  type ListWatchSource,
  type ListWatchInformerOptions,
  type ListWatchLike,
  type MakeListWatch,
} from './listwatch.js';
export { FakeListWatch, fakeListWatches } from './fakelistwatch.js';
export { startRecordingServer, type RecordingServer, type SeenRequest } from './recordingserver.js';
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
export { LeaderElector, LeadershipLostError, type LeaseClient, type LeaderElectionOptions, type LeadingOutcome } from './leaderelection.js';
export { clientNodeLeaseClient } from './leaseclient.js';
export { keepAliveApiClient } from '../keepalive.js';
export { getControllerOf, isControlledBy, controllerRef, toMillis, deepCopy, isBeingDeleted } from './meta.js';
export { selectorMatcher, mapSelectorMatcher, selectorString, type Matcher, type Labels } from './selector.js';
