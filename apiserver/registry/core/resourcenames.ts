// Resource names and amounts as core/v1 validation checks them for ResourceQuotas and LimitRanges
// (pkg/apis/core/validation: validateResourceName, validateResourceQuotaResourceName,
// ValidateResourceQuantityValue; pkg/apis/core/helper: the standard and integer resource names).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { formatQuantity } from '../../../apimachinery/quantity.js';
import { isQualifiedName } from '../../../apimachinery/validation.js';
import { goQuantity } from './goquantity.js';
import { quantityAt } from './volumes.js';

const computeResources = ['cpu', 'memory', 'ephemeral-storage'];
const objectCounts = ['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers'];

const standardResources = new Set([
  ...computeResources, ...computeResources.map((r) => `requests.${r}`), ...computeResources.map((r) => `limits.${r}`),
  ...objectCounts, 'storage', 'requests.storage',
]);
const standardQuotaResources = new Set([
  ...computeResources, ...computeResources.map((r) => `requests.${r}`), ...computeResources.map((r) => `limits.${r}`),
  ...objectCounts, 'requests.storage',
]);
const integerResources = new Set(objectCounts);

const hugePages = (name: string): boolean => /^(requests\.|limits\.)?hugepages-/.test(name);

/** helper.IsStandardQuotaResourceName. */
export function isStandardQuotaResource(name: string): boolean {
  return standardQuotaResources.has(name) || hugePages(name);
}

/** validateResourceQuotaResourceName: a qualified name; without a "/", a standard (quota) resource. */
export function validateQuotaResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => fe.invalid(path, name, m));
  if (errs.length > 0) return errs;
  if (!name.includes('/')) {
    if (!standardResources.has(name) && !hugePages(name)) errs.push(fe.invalid(path, name, 'must be a standard resource type or fully qualified'));
    if (!standardQuotaResources.has(name) && !hugePages(name)) errs.push(fe.invalid(path, name, 'must be a standard resource for quota'));
  }
  return errs;
}

/** ValidateResourceQuantityValue: never negative; whole numbers for object counts. */
export function validateQuantityValue(name: string, value: unknown, path: string): FieldError[] {
  const q = quantityAt(value);
  if (!q) return [];
  if (q.value < 0n) return [fe.invalid(path, formatQuantity(q), 'must be greater than or equal to 0')];
  const integer = integerResources.has(name) || name.startsWith('count/');
  // The bad value is the Quantity itself (Go prints the struct), as decoded: no String() cached on it.
  if (integer && q.scale < 0 && q.value % 10n ** BigInt(-q.scale) !== 0n)
    return [{ field: path, type: 'FieldValueInvalid', message: `Invalid value: ${goQuantity(String(value))}: must be an integer` }];
  return [];
}
