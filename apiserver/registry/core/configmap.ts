// ConfigMaps: key syntax, `immutable`.
import { configMapPrinter } from '../../printers/core.js';
import { defineResource } from '../strategy/define.js';
import { validateDataKeys, validateImmutableData } from './data.js';

export const configmaps = defineResource({
  group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true,
  shortNames: ['cm'],
  validate: validateDataKeys,
  validateUpdate: validateImmutableData,
  printer: configMapPrinter,
});
