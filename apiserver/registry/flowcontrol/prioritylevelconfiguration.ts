// PriorityLevelConfigurations (flowcontrol.apiserver.k8s.io/v1): the concurrency shares and queuing
// of one priority level. Stored and validated here; dispatching requests is APF (issue 22).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { priorityLevelConfigurationPrinter } from '../../printers/admin.js';
import { defineResource } from '../strategy/define.js';
import { objAt, setIfAbsent } from '../strategy/util.js';
import { validateConditions } from './rules.js';

const maxQueues = 10 * 1000 * 1000;
const maxHashBits = 60;
const enablements = ['Exempt', 'Limited'];
const limitResponseTypes = ['Queue', 'Reject'];

const setIfZero = (o: Obj, key: string, value: number): void => {
  if (o[key] === undefined || o[key] === null || o[key] === 0) o[key] = value;
};

function defaults(o: Obj): void {
  const spec = isObj(o.spec) ? o.spec : undefined;
  if (!spec) return;
  if (isObj(spec.exempt)) {
    setIfAbsent(spec.exempt, 'nominalConcurrencyShares', 0);
    setIfAbsent(spec.exempt, 'lendablePercent', 0);
  }
  if (isObj(spec.limited)) {
    setIfAbsent(spec.limited, 'nominalConcurrencyShares', 30);
    setIfAbsent(spec.limited, 'lendablePercent', 0);
    const lr = spec.limited.limitResponse;
    if (isObj(lr) && isObj(lr.queuing)) {
      setIfZero(lr.queuing, 'handSize', 8);
      setIfZero(lr.queuing, 'queues', 64);
      setIfZero(lr.queuing, 'queueLengthLimit', 50);
    }
  }
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** shufflesharding.RequiredEntropyBits: ceil(log2(deckSize) * handSize). */
const requiredEntropyBits = (deck: number, hand: number): number => Math.ceil(Math.log2(deck) * hand);

function validateQueuing(q: Obj, path: string, errs: FieldError[]): void {
  const qll = num(q.queueLengthLimit);
  const queues = num(q.queues);
  const hand = num(q.handSize);
  if (qll <= 0) errs.push(fe.invalid(`${path}.queueLengthLimit`, qll, 'must be positive'));
  if (queues <= 0) errs.push(fe.invalid(`${path}.queues`, queues, 'must be positive'));
  else if (queues > maxQueues) errs.push(fe.invalid(`${path}.queues`, queues, `must not be greater than ${maxQueues}`));
  if (hand <= 0) errs.push(fe.invalid(`${path}.handSize`, hand, 'must be positive'));
  else if (hand > queues) errs.push(fe.invalid(`${path}.handSize`, hand, `should not be greater than queues (${queues})`));
  else if (requiredEntropyBits(queues, hand) > maxHashBits)
    errs.push(fe.invalid(`${path}.handSize`, hand, `required entropy bits of deckSize ${queues} and handSize ${hand} should not be greater than ${maxHashBits}`));
}

function validatePercent(v: unknown, path: string, errs: FieldError[]): void {
  if (typeof v === 'number' && !(v >= 0 && v <= 100)) errs.push(fe.invalid(path, v, 'must be between 0 and 100, inclusive'));
}

function validateLimited(l: Obj, errs: FieldError[]): void {
  const ncs = num(l.nominalConcurrencyShares);
  if (ncs < 0) errs.push(fe.invalid('spec.limited.nominalConcurrencyShares', ncs, 'must be a non-negative integer'));
  const lr = objAt(l.limitResponse);
  if (lr.type === 'Reject') {
    if (lr.queuing !== undefined && lr.queuing !== null) errs.push(fe.forbidden('spec.limited.limitResponse.queuing', 'must be nil if limited.limitResponse.type is not Limited'));
  } else if (lr.type === 'Queue') {
    if (!isObj(lr.queuing)) errs.push(fe.required('spec.limited.limitResponse.queuing', 'must not be empty if limited.limitResponse.type is Limited'));
    else validateQueuing(lr.queuing, 'spec.limited.limitResponse.queuing', errs);
  } else errs.push(fe.notSupported('spec.limited.limitResponse.type', lr.type ?? '', limitResponseTypes));
  validatePercent(l.lendablePercent, 'spec.limited.lendablePercent', errs);
  if (typeof l.borrowingLimitPercent === 'number' && l.borrowingLimitPercent < 0)
    errs.push(fe.invalid('spec.limited.borrowingLimitPercent', l.borrowingLimitPercent, 'if specified, must be a non-negative integer'));
}

function validate(o: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const name = String(objAt(o.metadata).name ?? '');
  const spec = objAt(o.spec);
  const type = spec.type;
  if ((name === 'exempt') !== (type === 'Exempt')) errs.push(fe.invalid('spec.type', type ?? '', "type must be 'Exempt' if and only if name is 'exempt'"));
  if (type === 'Exempt') {
    if (spec.limited !== undefined && spec.limited !== null) errs.push(fe.forbidden('spec.limited', 'must be nil if the type is not Limited'));
    if (isObj(spec.exempt)) {
      const ncs = spec.exempt.nominalConcurrencyShares;
      if (typeof ncs === 'number' && ncs < 0) errs.push(fe.invalid('spec.exempt.nominalConcurrencyShares', ncs, 'must be a non-negative integer'));
      validatePercent(spec.exempt.lendablePercent, 'spec.exempt.lendablePercent', errs);
    }
  } else if (type === 'Limited') {
    if (spec.exempt !== undefined && spec.exempt !== null) errs.push(fe.forbidden('spec.exempt', 'must be nil if the type is Limited'));
    if (!isObj(spec.limited)) errs.push(fe.required('spec.limited', 'must not be empty when type is Limited'));
    else validateLimited(spec.limited, errs);
  } else errs.push(fe.notSupported('spec.type', type ?? '', enablements));
  errs.push(...validateConditions(o));
  return errs;
}

export const prioritylevelconfigurations = defineResource({
  group: 'flowcontrol.apiserver.k8s.io', version: 'v1', kind: 'PriorityLevelConfiguration', plural: 'prioritylevelconfigurations', namespaced: false,
  hasGeneration: true,
  defaults,
  prepareForCreate(o) {
    o.status = {};
  },
  validate,
  printer: priorityLevelConfigurationPrinter,
  subresources: { status: { type: 'status' } },
});
