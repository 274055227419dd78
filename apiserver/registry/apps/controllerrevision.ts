// ControllerRevisions: the immutable snapshots DaemonSets and StatefulSets keep of their templates
// (what `kubectl rollout history` reads). data is required and never changes; revision is >= 0.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, jsonEqual } from '../../../apimachinery/objects.js';
import { controllerRevisionPrinter } from '../../printers/apps.js';
import { defineResource } from '../strategy/define.js';
import { immutableError } from '../strategy/util.js';

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (o.data === undefined || o.data === null) errs.push(fe.required('data', 'data is mandatory'));
  if (typeof o.revision === 'number' && o.revision < 0) errs.push(fe.invalid('revision', o.revision, 'must be greater than or equal to 0'));
  return errs;
}

export const controllerrevisions = defineResource({
  group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true,
  defaults(o) {
    // revision is a required int64: serialised even when 0.
    if (o.revision === undefined || o.revision === null) o.revision = 0;
  },
  validate,
  validateUpdate: (o, old) => (jsonEqual(o.data, old.data) ? [] : [immutableError('data', o.data)]),
  printer: controllerRevisionPrinter,
});
