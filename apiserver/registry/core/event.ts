// core/v1 Events: involvedObject.namespace and type defaults, the involvedObject/reason/source field
// selectors. Also served as events.k8s.io/v1 Events (../events/event.ts).
import { ensure, isObj } from '../../../apimachinery/objects.js';
import { eventPrinter } from '../../printers/events.js';
import { eventsV1 } from '../events/event.js';
import { defineResource } from '../strategy/define.js';
import { fieldString as str, objAt, setIfAbsent } from '../strategy/util.js';

const involved = (field: string) => (o: Record<string, unknown>) => str(objAt(o.involvedObject)[field]);

export const events = defineResource({
  group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true,
  shortNames: ['ev'],
  defaults(o) {
    const m = ensure(o, 'metadata');
    const io = isObj(o.involvedObject) ? o.involvedObject : undefined;
    if (io && io.namespace === undefined && typeof m.namespace === 'string') io.namespace = m.namespace;
    setIfAbsent(o, 'type', 'Normal');
  },
  printer: eventPrinter,
  fieldLabels: {
    'involvedObject.kind': involved('kind'),
    'involvedObject.namespace': involved('namespace'),
    'involvedObject.name': involved('name'),
    'involvedObject.uid': involved('uid'),
    'involvedObject.apiVersion': involved('apiVersion'),
    'involvedObject.resourceVersion': involved('resourceVersion'),
    'involvedObject.fieldPath': involved('fieldPath'),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str(objAt(o.source).component) || str(o.reportingComponent),
    type: (o) => str(o.type),
  },
  versions: [eventsV1],
});
