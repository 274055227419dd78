// ReplicationControllers and PodTemplates: defaults from the template, selector and template checks, Scale.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import { podtemplates } from './podtemplate.js';
import { replicationcontrollers as rcs } from './replicationcontroller.js';

const messages = (errs: { field: string; message: string }[]) => errs.map((e) => `${e.field}: ${e.message}`);
const template = (labels: Obj = { app: 'web' }): Obj => ({ metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
const rc = (spec: Obj): Obj => ({ metadata: { name: 'web' }, spec });

describe('ReplicationController', () => {
  it('defaults replicas to 1 and selector and labels to the template labels', () => {
    const o = rc({ template: template() });
    rcs.defaults!(o);
    expect(o.metadata).toEqual({ name: 'web', labels: { app: 'web' } });
    expect(o.spec).toMatchObject({ replicas: 1, selector: { app: 'web' } });
    expect((o.spec as { template: { spec: Obj } }).template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' });
  });

  it('keeps an explicit selector and labels', () => {
    const o: Obj = { metadata: { name: 'web', labels: { tier: 'x' } }, spec: { replicas: 0, selector: { app: 'web' }, template: template({ app: 'web', v: '1' }) } };
    rcs.defaults!(o);
    expect(o.metadata).toEqual({ name: 'web', labels: { tier: 'x' } });
    expect(o.spec).toMatchObject({ replicas: 0, selector: { app: 'web' } });
  });

  const valid = (): Obj => {
    const o = rc({ template: template() });
    rcs.defaults!(o);
    return o;
  };
  it.each<[string, (o: Obj) => void, string[]]>([
    ['valid', () => undefined, []],
    ['negative replicas', (o) => ((o.spec as Obj).replicas = -1), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['selector not matching', (o) => ((o.spec as Obj).selector = { app: 'db' }), ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']],
    ['restartPolicy Never', (o) => (((o.spec as Obj).template as { spec: Obj }).spec.restartPolicy = 'Never'), ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
  ])('validation: %s', (_n, change, want) => {
    const o = valid();
    change(o);
    expect(messages(rcs.validate!(o))).toEqual(want);
  });

  it('serves an autoscaling/v1 Scale with the selector as a string', () => {
    const sub = rcs.subresources!.scale;
    if (sub.type !== 'write' || !sub.view) throw new Error('scale is a write subresource with a view');
    const o = valid();
    o.status = { replicas: 2 };
    expect(sub.view(o)).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 }, status: { replicas: 2, selector: 'app=web' } });
    expect((sub.apply(o, { spec: { replicas: 3 } }, 'web').spec as Obj).replicas).toBe(3);
  });
});

describe('PodTemplate', () => {
  it('defaults and validates the template pod spec', () => {
    const o: Obj = { metadata: { name: 't' }, template: template() };
    podtemplates.defaults!(o);
    expect((o.template as { spec: Obj }).spec).toMatchObject({ restartPolicy: 'Always' });
    expect(podtemplates.validate!(o)).toEqual([]);
    expect(messages(podtemplates.validate!({ metadata: { name: 't' }, template: { spec: { containers: [{ name: 'c' }] } } }))).toEqual(['template.spec.containers[0].image: Required value']);
  });
});
