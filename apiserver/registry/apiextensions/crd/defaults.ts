// SetDefaults_CustomResourceDefinition (apiextensions v1): singular, listKind, conversion None,
// webhook service port 443; the storage version recorded in status.storedVersions (strategy).
import { type Obj, isObj } from '../../../../apimachinery/objects.js';
import { objs, setIfAbsent } from '../../strategy/util.js';

export function defaultCRD(o: Obj): void {
  if (!isObj(o.spec)) return;
  const spec = o.spec;
  const names = isObj(spec.names) ? spec.names : undefined;
  if (names) {
    const kind = typeof names.kind === 'string' ? names.kind : '';
    if (!names.singular) names.singular = kind.toLowerCase();
    if (!names.listKind && kind !== '') names.listKind = `${kind}List`;
  }
  setIfAbsent(spec, 'conversion', { strategy: 'None' });
  const svc = isObj(spec.conversion) && isObj(spec.conversion.webhook) && isObj(spec.conversion.webhook.clientConfig) ? spec.conversion.webhook.clientConfig.service : undefined;
  if (isObj(svc)) setIfAbsent(svc, 'port', 443);
}

/** The name of the version marked storage, if any. */
export function storageVersion(o: Obj): string | undefined {
  const v = objs(isObj(o.spec) ? o.spec.versions : undefined).find((x) => x.storage === true);
  return typeof v?.name === 'string' ? v.name : undefined;
}

/** Appends the storage version to status.storedVersions when it is not there yet. */
export function recordStoredVersion(o: Obj): void {
  const v = storageVersion(o);
  if (!v) return;
  const status = isObj(o.status) ? o.status : (o.status = {});
  const stored = Array.isArray(status.storedVersions) ? (status.storedVersions as unknown[]) : [];
  if (!stored.includes(v)) status.storedVersions = [...stored, v];
}
