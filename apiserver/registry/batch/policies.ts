// A Job's podFailurePolicy and successPolicy, validated as Kubernetes 1.32's validatePodFailurePolicy
// and validateSuccessPolicy do (field paths and messages).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { isQualifiedName } from '../../../apimachinery/validation.js';
import { nonNegative } from '../apps/workload.js';
import { objAt, objs } from '../strategy/util.js';

const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const operators = ['In', 'NotIn'];
const conditionStatuses = ['False', 'True', 'Unknown'];

/** Go's %q of a []string: ["a" "b"]. */
const quoted = (xs: string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;
/** Go's %#v of a []int32. */
const goInts = (v: unknown): string => (Array.isArray(v) ? `[]int32{${v.join(', ')}}` : '[]int32(nil)');
/** An Invalid error printed without its value (field.OmitValueType). */
const invalidNoValue = (field: string, detail: string): FieldError => ({ field, type: 'FieldValueInvalid', message: `Invalid value: ${detail}` });
const tooMany = (field: string, n: number, max: number): FieldError => ({ field, type: 'FieldValueTooMany', message: `Too many: ${n}: must have at most ${max} items` });

function validateOnExitCodes(req: Obj, path: string, containers: Set<string>, errs: FieldError[]): void {
  const op = req.operator;
  if (op === undefined || op === '') errs.push(fe.required(`${path}.operator`, `valid values: ${quoted(operators)}`));
  else if (!operators.includes(String(op))) errs.push(fe.notSupported(`${path}.operator`, op, operators));
  if (typeof req.containerName === 'string' && !containers.has(req.containerName))
    errs.push(fe.invalid(`${path}.containerName`, req.containerName, 'must be one of the container or initContainer names in the pod template'));
  const values = Array.isArray(req.values) ? req.values.map(Number) : [];
  if (values.length === 0) errs.push({ field: `${path}.values`, type: 'FieldValueInvalid', message: `Invalid value: ${goInts(req.values)}: at least one value is required` });
  else if (values.length > 255) errs.push(tooMany(`${path}.values`, values.length, 255));
  const seen = new Set<number>();
  let ordered = true;
  values.forEach((v, j) => {
    if (op === 'In' && v === 0) errs.push(fe.invalid(`${path}.values[${j}]`, v, 'must not be 0 for the In operator'));
    if (seen.has(v)) errs.push(fe.duplicate(`${path}.values[${j}]`, v));
    else seen.add(v);
    if (j > 0 && values[j - 1]! > v) ordered = false;
  });
  if (!ordered) errs.push({ field: `${path}.values`, type: 'FieldValueInvalid', message: `Invalid value: ${goInts(values)}: must be ordered` });
}

function validateOnPodConditions(patterns: Obj[], path: string, errs: FieldError[]): void {
  if (patterns.length > 20) errs.push(tooMany(path, patterns.length, 20));
  patterns.forEach((p, j) => {
    const type = String(p.type ?? '');
    for (const msg of isQualifiedName(type)) errs.push(fe.invalid(`${path}[${j}].type`, type, msg));
    const status = p.status;
    if (status === undefined || status === '') errs.push(fe.required(`${path}[${j}].status`, `valid values: ${quoted(conditionStatuses)}`));
    else if (!conditionStatuses.includes(String(status))) errs.push(fe.notSupported(`${path}[${j}].status`, status, conditionStatuses));
  });
}

export function validatePodFailurePolicy(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules = objs(objAt(spec.podFailurePolicy).rules);
  if (rules.length > 20) errs.push(tooMany(`${path}.rules`, rules.length, 20));
  const podSpec = objAt(objAt(spec.template).spec);
  const containers = new Set([...objs(podSpec.containers), ...objs(podSpec.initContainers)].map((c) => String(c.name ?? '')));
  rules.forEach((rule, i) => {
    const rp = `${path}.rules[${i}]`;
    const action = rule.action;
    if (action === undefined || action === '') errs.push(fe.required(`${rp}.action`, `valid values: ${quoted(actions)}`));
    else if (action === 'FailIndex') {
      if (spec.backoffLimitPerIndex == null) errs.push(fe.invalid(`${rp}.action`, action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!actions.includes(String(action))) errs.push(fe.notSupported(`${rp}.action`, action, actions));
    const onExit = isObj(rule.onExitCodes) ? rule.onExitCodes : undefined;
    const onConditions = objs(rule.onPodConditions);
    if (onExit) validateOnExitCodes(onExit, `${rp}.onExitCodes`, containers, errs);
    if (onConditions.length > 0) validateOnPodConditions(onConditions, `${rp}.onPodConditions`, errs);
    if (onExit && onConditions.length > 0) errs.push(invalidNoValue(rp, 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!onExit && onConditions.length === 0) errs.push(invalidNoValue(rp, 'specifying one of OnExitCodes and OnPodConditions is required'));
  });
  return errs;
}

/** validateIndexesFormat: the number of indexes in "1,3-5", or the parse error. */
function indexCount(s: string, completions: number): number | string {
  if (s === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of s.split(',')) {
    const parts = interval.split('-');
    if (parts.length > 2) return `the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`;
    const nums: number[] = [];
    for (const p of parts) {
      if (!/^[+-]?\d+$/.test(p)) return `cannot convert string to integer for index: ${JSON.stringify(p)}`;
      if (Number(p) >= completions) return `too large index: ${JSON.stringify(p)}`;
      nums.push(Number(p));
    }
    const [x, y = x] = nums as [number, number?];
    if (nums.length === 2 && x >= y) return `non-increasing order, previous: ${x}, current: ${y}`;
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    total += y - x + 1;
    last = y;
  }
  return total;
}

/** validateSuccessPolicy, for an Indexed Job (the caller reports a successPolicy on any other). */
export function validateSuccessPolicy(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules = objs(objAt(spec.successPolicy).rules);
  if (rules.length === 0) errs.push(fe.required(`${path}.rules`, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > 20) errs.push(tooMany(`${path}.rules`, rules.length, 20));
  const completions = typeof spec.completions === 'number' ? spec.completions : 0;
  rules.forEach((rule, i) => {
    const rp = `${path}.rules[${i}]`;
    if (rule.succeededCount == null && rule.succeededIndexes == null)
      errs.push(fe.required(rp, 'at least one of succeededCount or succeededIndexes must be specified'));
    let total = 0;
    if (typeof rule.succeededIndexes === 'string') {
      if (rule.succeededIndexes.length > 64 * 1024) errs.push(fe.tooLong(`${rp}.succeededIndexes`, 64 * 1024));
      const n = indexCount(rule.succeededIndexes, completions);
      if (typeof n === 'string') errs.push(fe.invalid(`${rp}.succeededIndexes`, rule.succeededIndexes, `error parsing succeededIndexes: ${n}`));
      else total = n;
    }
    if (typeof rule.succeededCount === 'number') {
      const cp = `${rp}.succeededCount`;
      nonNegative(errs, cp, rule.succeededCount);
      if (rule.succeededCount > completions)
        errs.push(fe.invalid(cp, rule.succeededCount, `must be less than or equal to ${completions} (the number of specified completions)`));
      if (rule.succeededIndexes != null && rule.succeededCount > total)
        errs.push(fe.invalid(cp, rule.succeededCount, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
    }
  });
  return errs;
}
