// PodTemplates: the template's pod spec defaulted and validated as a pod template's.
import type { FieldError } from '../../../apimachinery/errors.js';
import { ensure, isObj } from '../../../apimachinery/objects.js';
import { podTemplatePrinter } from '../../printers/replication.js';
import { defineResource } from '../strategy/define.js';
import { defaultPodSpec } from './poddefaults.js';
import { validatePodSpec } from './podspec.js';

export const podtemplates = defineResource({
  group: '', version: 'v1', kind: 'PodTemplate', plural: 'podtemplates', namespaced: true,
  defaults(o) {
    if (isObj(o.template)) defaultPodSpec(ensure(o.template, 'spec'));
  },
  validate(o) {
    const errs: FieldError[] = [];
    validatePodSpec(isObj(o.template) ? o.template.spec : undefined, 'template.spec', errs);
    return errs;
  },
  printer: podTemplatePrinter,
});
