// NetworkPolicies: policyTypes default from the rules present (Ingress, plus Egress when egress rules
// exist), port protocols default to TCP; ports, peers and ipBlocks validated as Kubernetes does.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, ensure, isObj } from '../../../apimachinery/objects.js';
import { validateLabelSelector } from '../../../apimachinery/validation.js';
import { networkPolicyPrinter } from '../../printers/network.js';
import { defineResource } from '../strategy/define.js';
import { objAt, objs, setIfAbsent } from '../strategy/util.js';
import { parseCidr, portNameErrors, portNumErrors, strictSubset } from './checks.js';

const protocols = ['TCP', 'UDP', 'SCTP'];
const policyTypes = ['Ingress', 'Egress'];

function defaults(o: Obj): void {
  const spec = ensure(o, 'spec');
  setIfAbsent(spec, 'podSelector', {});
  for (const rule of [...objs(spec.ingress), ...objs(spec.egress)]) for (const port of objs(rule.ports)) setIfAbsent(port, 'protocol', 'TCP');
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0)
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function validatePort(port: Obj, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol !== undefined && !protocols.includes(String(port.protocol))) errs.push(fe.notSupported(`${p}.protocol`, port.protocol, protocols));
  const endPort = port.endPort;
  const hasEnd = typeof endPort === 'number';
  if (typeof port.port === 'number') {
    for (const m of portNumErrors(port.port)) errs.push(fe.invalid(`${p}.port`, port.port, m));
    if (hasEnd) {
      if (endPort < port.port) errs.push(fe.invalid(`${p}.endPort`, endPort, 'must be greater than or equal to `port`'));
      for (const m of portNumErrors(endPort)) errs.push(fe.invalid(`${p}.endPort`, endPort, m));
    }
  } else if (typeof port.port === 'string') {
    if (hasEnd) errs.push(fe.invalid(`${p}.endPort`, endPort, 'may not be specified when `port` is non-numeric'));
    for (const m of portNameErrors(port.port)) errs.push(fe.invalid(`${p}.port`, port.port, m));
  } else if (hasEnd) {
    errs.push(fe.invalid(`${p}.endPort`, endPort, 'may not be specified when `port` is not specified'));
  }
  return errs;
}

function validateIPBlock(block: Obj, p: string): FieldError[] {
  const cidrText = typeof block.cidr === 'string' ? block.cidr : '';
  if (cidrText === '') return [fe.required(`${p}.cidr`)];
  const cidr = parseCidr(cidrText);
  if (!cidr) return [fe.invalid(`${p}.cidr`, cidrText, 'not a valid CIDR')];
  const errs: FieldError[] = [];
  const except = Array.isArray(block.except) ? block.except.map(String) : [];
  for (const [i, e] of except.entries()) {
    const inner = parseCidr(e);
    if (!inner) return [...errs, fe.invalid(`${p}.except[${i}]`, e, 'not a valid CIDR')];
    if (!strictSubset(cidr, inner)) errs.push(fe.invalid(`${p}.except[${i}]`, e, 'must be a strict subset of `cidr`'));
  }
  return errs;
}

function validatePeer(peer: Obj, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const count = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => isObj(peer[k])).length;
  errs.push(...validateLabelSelector(peer.podSelector, `${p}.podSelector`), ...validateLabelSelector(peer.namespaceSelector, `${p}.namespaceSelector`));
  if (isObj(peer.ipBlock)) errs.push(...validateIPBlock(peer.ipBlock, `${p}.ipBlock`));
  if (count === 0) errs.push(fe.required(p, 'must specify a peer'));
  else if (count > 1 && isObj(peer.ipBlock)) errs.push(fe.forbidden(p, 'may not specify both ipBlock and another peer'));
  return errs;
}

function validate(o: Obj): FieldError[] {
  const spec = objAt(o.spec);
  const errs = validateLabelSelector(spec.podSelector, 'spec.podSelector');
  for (const [dir, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    objs(spec[dir]).forEach((rule, i) => {
      const p = `spec.${dir}[${i}]`;
      objs(rule.ports).forEach((port, j) => errs.push(...validatePort(port, `${p}.ports[${j}]`)));
      objs(rule[peers]).forEach((peer, j) => errs.push(...validatePeer(peer, `${p}.${peers}[${j}]`)));
    });
  }
  const types = Array.isArray(spec.policyTypes) ? spec.policyTypes.map(String) : [];
  if (types.length > policyTypes.length) {
    const shown = `[]networking.PolicyType{${types.map((t) => JSON.stringify(t)).join(', ')}}`;
    errs.push({ field: 'spec.policyTypes', type: 'FieldValueInvalid', message: `Invalid value: ${shown}: may not specify more than two policyTypes` });
    return errs;
  }
  types.forEach((t, i) => {
    if (!policyTypes.includes(t)) errs.push(fe.notSupported(`spec.policyTypes[${i}]`, t, policyTypes));
  });
  return errs;
}

export const networkpolicies = defineResource({
  group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true,
  shortNames: ['netpol'],
  hasGeneration: true,
  defaults,
  validate,
  printer: networkPolicyPrinter,
});
