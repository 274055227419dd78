// The etcd3 client as the API server needs it during etcd outages. etcd3's default fault handling
// opens a circuit breaker per endpoint after three failures and keeps it open for 5 s, so after etcd
// came back (a kill -9 and restart takes 1-2 s) every request still failed with "Execution prevented
// because the circuit breaker is open". Here: one endpoint, no breaker (each request tries etcd and
// fails fast while it is down); several endpoints, a breaker that only steers requests away from a
// dead member for 1 s. Failed calls are retried twice with short backoff; watches reconnect within 1 s.
import { Etcd3, isRecoverableError, type IOptions } from 'etcd3';
import { ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, noop, retry } from 'cockatiel';

type FaultHandling = NonNullable<IOptions['faultHandling']>;

export function etcdFaultHandling(endpoints: string[]): FaultHandling {
  const recoverable = handleWhen(isRecoverableError);
  return {
    host: () => (endpoints.length > 1 ? circuitBreaker(recoverable, { halfOpenAfter: 1000, breaker: new ConsecutiveBreaker(3) }) : noop),
    global: retry(recoverable, { maxAttempts: 2, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 250 }) }),
    // etcd3 calls next() on this to start each reconnect sequence: it wants the factory, whatever its
    // declared type says (its own default is `new ExponentialBackoff()`).
    watchBackoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 1000 }) as unknown as FaultHandling['watchBackoff'],
  };
}

export function newEtcdClient(endpoints: string[]): Etcd3 {
  // Large objects (up to etcd's 1.5 MiB request limit) and big pages must fit in one gRPC message.
  return new Etcd3({ hosts: endpoints, grpcOptions: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 }, faultHandling: etcdFaultHandling(endpoints) });
}
