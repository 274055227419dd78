// Printers for the cluster-administration kinds: flowcontrol.apiserver.k8s.io FlowSchemas and
// PriorityLevelConfigurations, admissionregistration.k8s.io webhook configurations and admission
// policies (pkg/printers/internalversion), apiextensions.k8s.io CustomResourceDefinitions (the
// default table convertor: NAME CREATED AT) and apiregistration.k8s.io APIServices (kube-aggregator's
// own convertor: NAME SERVICE AVAILABLE AGE).

import { rolePrinter } from './auth.js';
import { age, ageColumn, column, nameColumn, nameOf } from './common.js';
import type { Cell, Printer, PrintContext, PrintedRow, TableColumnDefinition } from './types.js';

type O = Record<string, unknown>;

const rec = (v: unknown): O => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as O) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** NAME, the given columns, AGE: the layout of most of these printers. */
const nameAnd = (...cols: TableColumnDefinition[]): TableColumnDefinition[] => [nameColumn, ...cols, ageColumn];

const conditionStatus = (o: object, type: string): O | undefined =>
  arr(rec(rec(o).status).conditions).map(rec).find((c) => c.type === type);

export const flowSchemaPrinter: Printer = {
  columns: [
    nameColumn,
    column('PriorityLevel', '`name` is the name of the priority level configuration being referenced Required.'),
    column(
      'MatchingPrecedence',
      '`matchingPrecedence` is used to choose among the FlowSchemas that match a given request. The chosen FlowSchema is among those with the numerically lowest (which we take to be logically highest) MatchingPrecedence.  Each MatchingPrecedence value must be ranged in [1,10000]. Note that if the precedence is not specified, it will be set to 1000 as default.',
    ),
    column(
      'DistinguisherMethod',
      '`distinguisherMethod` defines how to compute the flow distinguisher for requests that match this schema. `nil` specifies that the distinguisher is disabled and thus will always be the empty string.',
    ),
    ageColumn,
    column('MissingPL', 'references a broken or non-existent PriorityLevelConfiguration'),
  ],
  print: (obj: object, ctx: PrintContext): PrintedRow => {
    const spec = rec(rec(obj).spec);
    const dm = rec(spec.distinguisherMethod);
    const dangling = conditionStatus(obj, 'Dangling');
    const precedence = typeof spec.matchingPrecedence === 'number' ? spec.matchingPrecedence : 0;
    const method = spec.distinguisherMethod ? str(dm.type) : '<none>';
    return { cells: [nameOf(obj), str(rec(spec.priorityLevelConfiguration).name), precedence, method, age(obj, ctx), dangling ? str(dangling.status) : '?'] };
  },
  // printFlowSchemaList sorts by matching precedence, then name (FlowSchemaSequence).
  listOrder: (a: object, b: object): number => {
    const mp = (o: object): number => {
      const v = rec(rec(o).spec).matchingPrecedence;
      return typeof v === 'number' ? v : 0;
    };
    return mp(a) - mp(b) || (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0);
  },
};

export const priorityLevelConfigurationPrinter: Printer = {
  columns: [
    nameColumn,
    column(
      'Type',
      '`type` indicates whether this priority level is subject to limitation on request execution.  A value of `"Exempt"` means that requests of this priority level are not subject to a limit (and thus are never queued) and do not detract from the capacity made available to other priority levels.  A value of `"Limited"` means that (a) requests of this priority level _are_ subject to limits and (b) some of the server\'s limited capacity is made available exclusively to this priority level. Required.',
    ),
    column(
      'NominalConcurrencyShares',
      '`nominalConcurrencyShares` (NCS) contributes to the computation of the NominalConcurrencyLimit (NominalCL) of this level. This is the number of execution seats available at this priority level. This is used both for requests dispatched from this priority level as well as requests dispatched from other priority levels borrowing seats from this level. If not specified, this field defaults to a value of 30.',
    ),
    column('Queues', '`queues` is the number of queues for this priority level. The queues exist independently at each apiserver. The value must be positive.  Setting it to 1 effectively precludes shufflesharding and thus makes the distinguisher method of associated flow schemas irrelevant.  This field has a default value of 64.'),
    column(
      'HandSize',
      "`handSize` is a small positive number that configures the shuffle sharding of requests into queues.  When enqueuing a request at this priority level the request's flow identifier (a string pair) is hashed and the hash value is used to shuffle the list of queues and deal a hand of the size specified here.  The request is put into one of the shortest queues in that hand. `handSize` must be no larger than `queues`, and should be significantly smaller (so that a few heavy flows do not saturate most of the queues).  See the user-facing documentation for more extensive guidance on setting this field.  This field has a default value of 8.",
    ),
    column('QueueLengthLimit', '`queueLengthLimit` is the maximum number of requests allowed to be waiting in a given queue of this priority level at a time; excess requests are rejected.  This value must be positive.  If not specified, it will be defaulted to 50.'),
    ageColumn,
  ],
  print: (obj: object, ctx: PrintContext): PrintedRow => {
    const spec = rec(rec(obj).spec);
    const cells: Cell[] = [nameOf(obj), str(spec.type), '<none>', '<none>', '<none>', '<none>', age(obj, ctx)];
    if (spec.limited !== undefined && spec.limited !== null) {
      const limited = rec(spec.limited);
      cells[2] = typeof limited.nominalConcurrencyShares === 'number' ? limited.nominalConcurrencyShares : 0;
      const q = rec(limited.limitResponse).queuing;
      if (q !== undefined && q !== null) {
        const queuing = rec(q);
        const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
        cells[3] = n(queuing.queues);
        cells[4] = n(queuing.handSize);
        cells[5] = n(queuing.queueLengthLimit);
      }
    }
    return { cells };
  },
};

/** ValidatingWebhookConfiguration and MutatingWebhookConfiguration: NAME WEBHOOKS AGE. */
export const webhookConfigurationPrinter: Printer = {
  columns: nameAnd(column('Webhooks', 'Webhooks indicates the number of webhooks registered in this configuration', { type: 'integer' })),
  print: (obj: object, ctx: PrintContext): PrintedRow => ({ cells: [nameOf(obj), arr(rec(obj).webhooks).length, age(obj, ctx)] }),
};

export const validatingAdmissionPolicyPrinter: Printer = {
  columns: nameAnd(
    column('Validations', 'Validations indicates the number of validation rules defined in this configuration', { type: 'integer' }),
    column('ParamKind', 'ParamKind specifies the kind of resources used to parameterize this policy'),
  ),
  print: (obj: object, ctx: PrintContext): PrintedRow => {
    const spec = rec(rec(obj).spec);
    const pk = spec.paramKind !== undefined && spec.paramKind !== null ? `${str(rec(spec.paramKind).apiVersion)}/${str(rec(spec.paramKind).kind)}` : '<unset>';
    return { cells: [nameOf(obj), arr(spec.validations).length, pk, age(obj, ctx)] };
  },
};

/** A metav1.LabelSelector as Go's generated String() prints it. */
export function goLabelSelectorString(sel: O): string {
  const labels = rec(sel.matchLabels);
  const keys = Object.keys(labels).sort();
  const ml = `map[string]string{${keys.map((k) => `${k}: ${str(labels[k])},`).join('')}}`;
  const exprs = arr(sel.matchExpressions)
    .map(rec)
    .map((e) => `LabelSelectorRequirement{Key:${str(e.key)},Operator:${str(e.operator)},Values:[${arr(e.values).map(str).join(' ')}],},`);
  return `&LabelSelector{MatchLabels:${ml},MatchExpressions:[]LabelSelectorRequirement{${exprs.join('')}},}`;
}

export const validatingAdmissionPolicyBindingPrinter: Printer = {
  columns: nameAnd(
    column('PolicyName', 'PolicyName indicates the policy definition which the policy binding binded to'),
    column('ParamRef', 'ParamRef indicates the param resource which sets the configration param'),
  ),
  print: (obj: object, ctx: PrintContext): PrintedRow => {
    const spec = rec(rec(obj).spec);
    let param = '<unset>';
    if (spec.paramRef !== undefined && spec.paramRef !== null) {
      const pr = rec(spec.paramRef);
      if (str(pr.name) !== '') param = str(pr.namespace) !== '' ? `${str(pr.namespace)}/${str(pr.name)}` : `*/${str(pr.name)}`;
      else if (pr.selector !== undefined && pr.selector !== null) param = goLabelSelectorString(rec(pr.selector));
    }
    return { cells: [nameOf(obj), str(spec.policyName), param, age(obj, ctx)] };
  },
};

/** The generic registry's default table convertor: NAME, CREATED AT (RFC3339). */
export const customResourceDefinitionPrinter: Printer = rolePrinter;

export const apiServicePrinter: Printer = {
  columns: nameAnd(column('Service', 'The reference to the service that hosts this API endpoint.'), column('Available', 'Whether this service is available.')),
  print: (obj: object, ctx: PrintContext): PrintedRow => {
    const spec = rec(rec(obj).spec);
    const svc = spec.service !== undefined && spec.service !== null ? `${str(rec(spec.service).namespace)}/${str(rec(spec.service).name)}` : 'Local';
    const c = conditionStatus(obj, 'Available');
    let available = 'Unknown';
    if (c) available = c.status === 'True' || str(c.reason) === '' ? str(c.status) : `${str(c.status)} (${str(c.reason)})`;
    return { cells: [nameOf(obj), svc, available, age(obj, ctx)] };
  },
};
