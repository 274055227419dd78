// DaemonSets: RollingUpdate maxUnavailable 1 / maxSurge 0 and history defaults, Kubernetes 1.32's
// validation (selector and template, update strategy), the immutable selector, generation, status.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, ensure } from '../../../apimachinery/objects.js';
import { daemonSetPrinter } from '../../printers/apps.js';
import { validatePodSpec } from '../core/podspec.js';
import { defineResource } from '../strategy/define.js';
import { intOrPercentValue, invalidIntOrString, validateIntOrPercent } from '../strategy/intorstr.js';
import { objAt, setIfAbsent } from '../strategy/util.js';
import { validateDaemonSetStatus } from './status.js';
import { defaultTemplate, goLabelSelector, labelsMismatch, nonNegative, selectorMatchesLabels, validateSelectorUnchanged } from './workload.js';

function validateStrategy(st: Obj, errs: FieldError[]): void {
  const path = 'spec.updateStrategy';
  if (st.type === 'OnDelete') return;
  if (st.type !== 'RollingUpdate') {
    const ru = isObj(st.rollingUpdate) ? '(*apps.RollingUpdateDaemonSet)(...)' : '(*apps.RollingUpdateDaemonSet)(nil)';
    errs.push({
      field: path,
      type: 'FieldValueNotSupported',
      message: `Unsupported value: apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(String(st.type ?? ''))}, RollingUpdate:${ru}}: supported values: "RollingUpdate", "OnDelete"`,
    });
    return;
  }
  if (!isObj(st.rollingUpdate)) {
    errs.push(fe.required(`${path}.rollingUpdate`));
    return;
  }
  const { maxUnavailable, maxSurge } = st.rollingUpdate;
  errs.push(...validateIntOrPercent(`${path}.rollingUpdate.maxUnavailable`, maxUnavailable), ...validateIntOrPercent(`${path}.rollingUpdate.maxSurge`, maxSurge));
  const hasUnavailable = intOrPercentValue(maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalidIntOrString(`${path}.rollingUpdate.maxSurge`, maxSurge, 'may not be set when maxUnavailable is non-zero'));
  else if (!hasUnavailable && !hasSurge) errs.push(fe.required(`${path}.rollingUpdate.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
}

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const spec = objAt(o.spec);
  const tmpl = objAt(spec.template);
  const labels = objAt(tmpl.metadata).labels;
  if (!selectorMatchesLabels(spec.selector, labels)) errs.push(labelsMismatch('spec.template.metadata.labels', labels));
  const sel = spec.selector;
  if (isObj(sel) && Object.keys(objAt(sel.matchLabels)).length === 0 && !(Array.isArray(sel.matchExpressions) && sel.matchExpressions.length > 0))
    errs.push({ field: 'spec.selector', type: 'FieldValueInvalid', message: `Invalid value: ${goLabelSelector(sel)}: empty selector is invalid for daemonset` });
  validatePodSpec(tmpl.spec, 'spec.template.spec', errs);
  const podSpec = objAt(tmpl.spec);
  if (podSpec.restartPolicy !== 'Always') errs.push(fe.notSupported('spec.template.spec.restartPolicy', podSpec.restartPolicy ?? '', ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null)
    errs.push(fe.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  nonNegative(errs, 'spec.minReadySeconds', spec.minReadySeconds);
  validateStrategy(objAt(spec.updateStrategy), errs);
  nonNegative(errs, 'spec.revisionHistoryLimit', spec.revisionHistoryLimit);
  return errs;
}

export const daemonsets = defineResource({
  group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true,
  shortNames: ['ds'],
  categories: ['all'],
  hasGeneration: true,
  defaults(o) {
    const spec = ensure(o, 'spec');
    const strategy = ensure(spec, 'updateStrategy');
    if (strategy.type === undefined || strategy.type === null || strategy.type === '') strategy.type = 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const ru = ensure(strategy, 'rollingUpdate');
      setIfAbsent(ru, 'maxUnavailable', 1);
      setIfAbsent(ru, 'maxSurge', 0);
    }
    setIfAbsent(spec, 'revisionHistoryLimit', 10);
    defaultTemplate(spec);
  },
  prepareForCreate(o) {
    // The four counters DaemonSetStatus always serialises.
    o.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
  },
  validate,
  validateUpdate: (o, old, subresource) => (subresource === 'status' ? validateDaemonSetStatus(o, old) : validateSelectorUnchanged(o, old)),
  printer: daemonSetPrinter,
  subresources: { status: { type: 'status' } },
});
