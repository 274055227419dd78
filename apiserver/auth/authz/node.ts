// The Node authorizer (Kubernetes' semantics, simplified): a kubelet, user system:node:<name> in
// group system:nodes, may read Secrets/ConfigMaps/PVCs/ServiceAccounts (and request tokens) only
// for pods bound to its node, write only its own Node, Lease and pods' status, and gets the static
// node rules (read nodes/pods/services/endpoints, CSIDrivers, RuntimeClasses, events, CSRs, reviews; its
// own CSINode). Anything else: no opinion.
import type { Logger } from '../../../apimachinery/log.js';
import type { Store } from '../../storage/types.js';
import type { Attributes, Authorizer, Decision, UserInfo } from '../types.js';
import { StoreMirror } from './mirror.js';
import { NodeGraph, type RefKind } from './node-graph.js';

type Result = { decision: Decision; reason: string };

const allow: Result = { decision: 'allow', reason: '' };
const noOpinion: Result = { decision: 'noopinion', reason: '' };
const read = ['get', 'list', 'watch'];

/** The node a user speaks for, or undefined when it is not a node identity. */
export function nodeIdentity(user: UserInfo): string | undefined {
  if (!user.groups.includes('system:nodes') || !user.name.startsWith('system:node:')) return undefined;
  const name = user.name.slice('system:node:'.length);
  return name === '' ? undefined : name;
}

export class NodeAuthorizer implements Authorizer {
  readonly graph = new NodeGraph();
  private readonly pods: StoreMirror;
  private readonly ac = new AbortController();

  constructor(store: Store, log: Logger) {
    this.pods = new StoreMirror(store, '/registry/pods/', log, {
      upsert: (key, pod) => this.graph.upsert(key, pod),
      remove: (key) => this.graph.remove(key),
    });
  }

  async start(): Promise<void> {
    await this.pods.start(this.ac.signal);
  }

  close(): void {
    this.ac.abort();
  }

  async authorize(a: Attributes): Promise<Result> {
    const node = nodeIdentity(a.user);
    if (node === undefined || !a.resourceRequest) return noOpinion;
    return decide(this.graph, node, a);
  }
}

function related(graph: NodeGraph, node: string, kind: RefKind, a: Attributes): Result {
  // Reads of one named object only: a list or watch must name it (fieldSelector metadata.name).
  if (a.name !== '' && graph.references(node, kind, a.namespace, a.name)) return allow;
  return { decision: 'noopinion', reason: `no relationship found between node '${node}' and this object` };
}

/** The decision for node `node` (pure over the graph; exported for tests). */
export function decide(graph: NodeGraph, node: string, a: Attributes): Result {
  const { verb, subresource: sr } = a;
  const is = (...verbs: string[]): boolean => verbs.includes(verb);
  switch (`${a.apiGroup}/${a.resource}`) {
    case '/secrets':
    case '/configmaps':
      return sr === '' && is(...read) ? related(graph, node, a.resource as RefKind, a) : noOpinion;
    case '/persistentvolumeclaims':
      if (sr === '' && is('get')) return related(graph, node, 'persistentvolumeclaims', a);
      if (sr === 'status' && is('update', 'patch')) return related(graph, node, 'persistentvolumeclaims', a);
      return noOpinion;
    case '/serviceaccounts':
      if ((sr === '' && is('get')) || (sr === 'token' && is('create'))) return related(graph, node, 'serviceaccounts', a);
      return noOpinion;
    case '/nodes':
      if (sr === '' && is(...read, 'create')) return allow;
      if ((sr === '' || sr === 'status') && is('update', 'patch', 'delete') && a.name === node) return allow;
      return noOpinion;
    case '/pods': {
      if (sr === '' && is(...read, 'create')) return allow;
      if (sr === 'eviction' && is('create')) return allow;
      const own = a.name !== '' && graph.nodeOf(`/registry/pods/${a.namespace}/${a.name}`) === node;
      if (sr === '' && is('delete')) return own ? allow : noOpinion;
      if (sr === 'status' && is('update', 'patch')) return own ? allow : noOpinion;
      return noOpinion;
    }
    case '/services':
    case '/endpoints':
    case 'discovery.k8s.io/endpointslices':
      return sr === '' && is(...read) ? allow : noOpinion;
    case '/events':
    case 'events.k8s.io/events':
      return is('create', 'update', 'patch') ? allow : noOpinion;
    case 'coordination.k8s.io/leases':
      if (a.namespace !== 'kube-node-lease' || sr !== '') return noOpinion;
      if (is('create') && a.name === '') return allow;
      return is('get', 'create', 'update', 'patch', 'delete') && a.name === node ? allow : noOpinion;
    case 'certificates.k8s.io/certificatesigningrequests':
      return sr === '' && is('create', ...read) ? allow : noOpinion;
    case 'storage.k8s.io/csidrivers':
    case 'node.k8s.io/runtimeclasses':
      return sr === '' && is(...read) ? allow : noOpinion;
    case 'storage.k8s.io/csinodes':
      // Its own CSINode only; a create names no object yet (NodeRestriction checks it in Kubernetes).
      if (sr !== '' || !is('get', 'create', 'update', 'patch', 'delete')) return noOpinion;
      return is('create') || a.name === node ? allow : noOpinion;
    case 'authentication.k8s.io/tokenreviews':
    case 'authorization.k8s.io/subjectaccessreviews':
      return is('create') ? allow : noOpinion;
    default:
      return noOpinion;
  }
}
