// PodSpec validation, shared by Pods and by the pod templates of workloads (defaults: poddefaults.ts).
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj } from '../../../apimachinery/objects.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../../apimachinery/validation.js';
import { objs, validPort } from '../strategy/util.js';

function validateContainers(list: Obj[], path: string, names: Set<string>, errs: FieldError[]): void {
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    const nameErrs = typeof c.name === 'string' ? isDNS1123Label(c.name) : [];
    if (typeof c.name !== 'string' || c.name === '') errs.push(fe.required(`${p}.name`));
    else if (nameErrs.length > 0) errs.push(fe.invalid(`${p}.name`, c.name, nameErrs.join('; ')));
    else if (names.has(c.name)) errs.push(fe.duplicate(`${p}.name`, c.name));
    else names.add(c.name);
    if (typeof c.image !== 'string' || c.image.trim() === '') errs.push(fe.required(`${p}.image`));
    objs(c.ports).forEach((port, j) => {
      if (!validPort(port.containerPort))
        errs.push(fe.invalid(`${p}.ports[${j}].containerPort`, port.containerPort, 'must be between 1 and 65535, inclusive'));
      if (port.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(String(port.protocol)))
        errs.push(fe.notSupported(`${p}.ports[${j}].protocol`, port.protocol, ['SCTP', 'TCP', 'UDP']));
    });
    if (c.imagePullPolicy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(String(c.imagePullPolicy)))
      errs.push(fe.notSupported(`${p}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
  });
}

export function validatePodSpec(spec: unknown, path: string, errs: FieldError[]): void {
  if (!isObj(spec)) {
    errs.push(fe.required(path));
    return;
  }
  const containers = objs(spec.containers);
  if (containers.length === 0) errs.push(fe.required(`${path}.containers`));
  const names = new Set<string>();
  validateContainers(containers, `${path}.containers`, names, errs);
  validateContainers(objs(spec.initContainers), `${path}.initContainers`, names, errs);
  const rp = spec.restartPolicy;
  if (rp !== undefined && !['Always', 'OnFailure', 'Never'].includes(String(rp)))
    errs.push(fe.notSupported(`${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']));
  const dp = spec.dnsPolicy;
  if (dp !== undefined && !['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'].includes(String(dp)))
    errs.push(fe.notSupported(`${path}.dnsPolicy`, dp, ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']));
  const volNames = new Set<string>();
  objs(spec.volumes).forEach((v, i) => {
    if (typeof v.name !== 'string' || v.name === '') errs.push(fe.required(`${path}.volumes[${i}].name`));
    else if (volNames.has(v.name)) errs.push(fe.duplicate(`${path}.volumes[${i}].name`, v.name));
    else volNames.add(v.name);
  });
  for (const c of [...objs(spec.containers), ...objs(spec.initContainers)]) {
    objs(c.volumeMounts).forEach((m, j) => {
      if (typeof m.name === 'string' && !volNames.has(m.name))
        errs.push({ field: `${path}.containers[${containers.indexOf(c)}].volumeMounts[${j}].name`, type: 'FieldValueNotFound', message: `Not found: "${m.name}"` });
    });
  }
  const tgps = spec.terminationGracePeriodSeconds;
  if (typeof tgps === 'number' && tgps < 0)
    errs.push(fe.invalid(`${path}.terminationGracePeriodSeconds`, tgps, 'must be greater than or equal to 0'));
  // ValidateNodeName: a node's name is a DNS-1123 subdomain.
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '')
    for (const msg of isDNS1123Subdomain(spec.nodeName)) errs.push(fe.invalid(`${path}.nodeName`, spec.nodeName, msg));
}
