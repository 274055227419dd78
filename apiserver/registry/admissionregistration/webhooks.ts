// What ValidatingWebhookConfigurations and MutatingWebhookConfigurations share: SetDefaults_*Webhook
// and validate*Webhook of Kubernetes 1.32, and generation moving when the webhooks change. Calling
// the webhooks is issue 14's.
import { type FieldError, fieldErrors as fe } from '../../../apimachinery/errors.js';
import { type Obj, isObj, jsonEqual } from '../../../apimachinery/objects.js';
import { isDNS1035Label, isDNS1123Subdomain, validateLabelSelector } from '../../../apimachinery/validation.js';
import { objs, setIfAbsent, strs, validPort } from '../strategy/util.js';
import { defaultRules, failurePolicies, fullyQualifiedName, matchPolicies, validateMatchConditions, validateRule } from './match.js';

const noSideEffects = ['None', 'NoneOnDryRun'];
const reinvocationPolicies = ['IfNeeded', 'Never'];
const reviewVersions = ['v1', 'v1beta1'];
const urlForm = '; desired format: https://host[/path]';

export function defaultWebhooks(o: Obj, mutating: boolean): void {
  for (const w of objs(o.webhooks)) {
    setIfAbsent(w, 'failurePolicy', 'Fail');
    setIfAbsent(w, 'matchPolicy', 'Equivalent');
    setIfAbsent(w, 'namespaceSelector', {});
    setIfAbsent(w, 'objectSelector', {});
    setIfAbsent(w, 'timeoutSeconds', 10);
    if (mutating) setIfAbsent(w, 'reinvocationPolicy', 'Never');
    defaultRules(w.rules);
    const svc = isObj(w.clientConfig) ? w.clientConfig.service : undefined;
    if (isObj(svc)) setIfAbsent(svc, 'port', 443);
  }
}

/** webhook.ValidateWebhookURL with https required. */
function validateURL(path: string, raw: string): FieldError[] {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    // Go's url.Parse accepts scheme-less references: report what Kubernetes reports for them.
    return [fe.invalid(path, raw.includes(':') ? raw.slice(0, raw.indexOf(':')) : '', `'https' is the only allowed URL scheme${urlForm}`), fe.invalid(path, '', `host must be specified${urlForm}`)];
  }
  const errs: FieldError[] = [];
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== 'https') errs.push(fe.invalid(path, scheme, `'https' is the only allowed URL scheme${urlForm}`));
  if (u.host === '') errs.push(fe.invalid(path, u.host, `host must be specified${urlForm}`));
  if (u.username !== '' || u.password !== '') errs.push(fe.invalid(path, u.password ? `${u.username}:${u.password}` : u.username, 'user information is not permitted in the URL'));
  if (u.hash.length > 1) errs.push(fe.invalid(path, u.hash.slice(1), 'fragments are not permitted in the URL'));
  if (u.search.length > 1) errs.push(fe.invalid(path, u.search.slice(1), 'query parameters are not permitted in the URL'));
  return errs;
}

/** webhook.ValidateWebhookService */
function validateService(path: string, svc: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof svc.name !== 'string' || svc.name === '') errs.push(fe.required(`${path}.name`));
  if (typeof svc.namespace !== 'string' || svc.namespace === '') errs.push(fe.required(`${path}.namespace`));
  const port = svc.port ?? 443;
  if (!validPort(port)) errs.push(fe.invalid(`${path}.port`, port, 'port is not valid: must be between 1 and 65535, inclusive'));
  if (typeof svc.path !== 'string') return errs;
  const p = svc.path;
  if (p === '/' || p === '') return errs;
  if (p === '//') return [...errs, fe.invalid(`${path}.path`, p, 'segment[0] may not be empty')];
  if (!p.startsWith('/')) errs.push(fe.invalid(`${path}.path`, p, "must start with a '/'"));
  let check = p.slice(1);
  if (check.endsWith('/')) check = check.slice(0, -1);
  check.split('/').forEach((step, i) => {
    if (step === '') errs.push(fe.invalid(`${path}.path`, p, `segment[${i}] may not be empty`));
    else for (const m of isDNS1123Subdomain(step)) errs.push(fe.invalid(`${path}.path`, p, `segment[${i}]: ${m}`));
  });
  return errs;
}

function validateReviewVersions(versions: string[], path: string): FieldError[] {
  if (versions.length === 0) return [fe.required(path, `must specify one of ${reviewVersions.join(', ')}`)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (seen.has(v)) {
      errs.push(fe.invalid(`${path}[${i}]`, v, 'duplicate version'));
      return;
    }
    seen.add(v);
    for (const m of isDNS1035Label(v)) errs.push(fe.invalid(`${path}[${i}]`, v, m));
  });
  if (!versions.some((v) => reviewVersions.includes(v))) errs.push(fe.invalid(path, versions, `must include at least one of ${reviewVersions.join(', ')}`));
  return errs;
}

function validateWebhook(w: Obj, path: string, mutating: boolean): FieldError[] {
  const errs: FieldError[] = [...fullyQualifiedName(`${path}.name`, w.name)];
  objs(w.rules).forEach((r, i) => errs.push(...validateRule(r, `${path}.rules[${i}]`)));
  if (w.failurePolicy != null && !failurePolicies.includes(String(w.failurePolicy))) errs.push(fe.notSupported(`${path}.failurePolicy`, w.failurePolicy, failurePolicies));
  if (w.matchPolicy != null && !matchPolicies.includes(String(w.matchPolicy))) errs.push(fe.notSupported(`${path}.matchPolicy`, w.matchPolicy, matchPolicies));
  if (w.sideEffects == null) errs.push(fe.required(`${path}.sideEffects`, `must specify one of ${noSideEffects.join(', ')}`));
  else if (!noSideEffects.includes(String(w.sideEffects))) errs.push(fe.notSupported(`${path}.sideEffects`, w.sideEffects, noSideEffects));
  const t = w.timeoutSeconds;
  if (typeof t === 'number' && (t > 30 || t < 1)) errs.push(fe.invalid(`${path}.timeoutSeconds`, t, 'the timeout value must be between 1 and 30 seconds'));
  errs.push(...validateLabelSelector(w.namespaceSelector, `${path}.namespaceSelector`));
  errs.push(...validateLabelSelector(w.objectSelector, `${path}.objectSelector`));
  if (mutating && w.reinvocationPolicy != null && !reinvocationPolicies.includes(String(w.reinvocationPolicy)))
    errs.push(fe.notSupported(`${path}.reinvocationPolicy`, w.reinvocationPolicy, reinvocationPolicies));
  const cc = isObj(w.clientConfig) ? w.clientConfig : {};
  const hasURL = typeof cc.url === 'string';
  const hasService = isObj(cc.service);
  if (hasURL === hasService) errs.push(fe.required(`${path}.clientConfig`, 'exactly one of url or service is required'));
  else if (hasURL) errs.push(...validateURL(`${path}.clientConfig.url`, String(cc.url)));
  else errs.push(...validateService(`${path}.clientConfig.service`, cc.service as Obj));
  errs.push(...validateMatchConditions(w.matchConditions, `${path}.matchConditions`));
  return errs;
}

/** validate{Validating,Mutating}WebhookConfiguration with the create-time options. */
export function validateWebhookConfiguration(o: Obj, mutating: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  objs(o.webhooks).forEach((w, i) => {
    const path = `webhooks[${i}]`;
    errs.push(...validateWebhook(w, path, mutating));
    errs.push(...validateReviewVersions(strs(w.admissionReviewVersions), `${path}.admissionReviewVersions`));
    if (typeof w.name === 'string' && w.name !== '') {
      if (names.has(w.name)) errs.push(fe.duplicate(`${path}.name`, w.name));
      else names.add(w.name);
    }
  });
  return errs;
}

/** The configurations have no spec: generation moves when the webhooks change (their strategy's PrepareForUpdate). */
export function bumpGenerationOnWebhookChange(o: Obj, old: Obj): void {
  if (jsonEqual(o.webhooks, old.webhooks) || !isObj(o.metadata) || !isObj(old.metadata)) return;
  const gen = typeof old.metadata.generation === 'number' ? old.metadata.generation : 1;
  o.metadata.generation = gen + 1;
}
