// Deployments: replicas/strategy/history defaults, rollout strategy validation, generation, scale.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, ensure } from '../../../apimachinery/objects.js';
import { deploymentPrinter } from '../../printers/apps.js';
import { defineResource } from '../strategy/define.js';
import { objAt, setIfAbsent } from '../strategy/util.js';
import { defaultTemplate, scaleSubresource, validateSelectorUnchanged, validateWorkload } from './workload.js';

function isZero(v: unknown): boolean {
  return v === 0 || v === '0' || v === '0%';
}

function validate(o: Obj): FieldError[] {
  const errs = validateWorkload(o);
  // Without a template, only that is reported (as Kubernetes returns early).
  if (!isObj(objAt(o.spec).template)) return errs;
  const st = objAt(objAt(o.spec).strategy);
  if (st.type !== undefined && !['Recreate', 'RollingUpdate'].includes(String(st.type)))
    errs.push(fe.notSupported('spec.strategy.type', st.type, ['Recreate', 'RollingUpdate']));
  if (st.type === 'Recreate' && st.rollingUpdate !== undefined)
    errs.push(fe.forbidden('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\''));
  const ru = isObj(st.rollingUpdate) ? st.rollingUpdate : undefined;
  if (ru && isZero(ru.maxSurge) && isZero(ru.maxUnavailable))
    errs.push(fe.invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  return errs;
}

export const deployments = defineResource({
  group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  hasGeneration: true,
  defaults(o) {
    const spec = ensure(o, 'spec');
    setIfAbsent(spec, 'replicas', 1);
    const strategy = ensure(spec, 'strategy');
    setIfAbsent(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') {
      const ru = ensure(strategy, 'rollingUpdate');
      setIfAbsent(ru, 'maxUnavailable', '25%');
      setIfAbsent(ru, 'maxSurge', '25%');
    }
    setIfAbsent(spec, 'revisionHistoryLimit', 10);
    setIfAbsent(spec, 'progressDeadlineSeconds', 600);
    defaultTemplate(spec);
  },
  prepareForCreate(o) {
    o.status = {};
  },
  validate,
  validateUpdate: validateSelectorUnchanged,
  printer: deploymentPrinter,
  subresources: { status: { type: 'status' }, scale: scaleSubresource },
});
