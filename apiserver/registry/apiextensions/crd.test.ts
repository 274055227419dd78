// CustomResourceDefinition module: defaults, the stored version, validation messages, immutable fields.
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../../apimachinery/objects.js';
import { customresourcedefinitions as crds } from './customresourcedefinition.js';

const msgs = (errs: { field: string; message: string }[]): string[] => errs.map((e) => `${e.field}: ${e.message}`);
const schema = { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } } };
const crd = (spec: Obj = {}, name = 'widgets.example.com'): Obj => ({
  metadata: { name },
  spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' }, versions: [{ name: 'v1', served: true, storage: true, schema }], ...spec },
});

describe('CustomResourceDefinition', () => {
  it('defaults singular, listKind and conversion; records the storage version', () => {
    const o: Obj = { metadata: { name: 'widgets.example.com' }, spec: { names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', storage: true }] } };
    crds.defaults?.(o);
    crds.prepareForCreate?.(o);
    expect((o.spec as Obj).names).toEqual({ plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' });
    expect((o.spec as Obj).conversion).toEqual({ strategy: 'None' });
    expect((o.status as Obj).storedVersions).toEqual(['v1']);
  });

  it.each<[string, Obj, string[]]>([
    ['a valid definition', crd(), []],
    ['name not plural.group', crd({}, 'widget.example.com'), ['metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group']],
    ['group without a dot', crd({ group: 'example' }, 'widgets.example'), ['spec.group: Invalid value: "example": should be a domain with at least one dot']],
    ['bad scope', crd({ scope: 'Global' }), ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"']],
    ['kind equals listKind', crd({ names: { plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'Widget' } }), ['spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same']],
    ['upper-case plural', crd({ names: { plural: 'Widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' } }, 'Widgets.example.com'), [
      "spec.names.plural: Invalid value: \"Widgets\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]],
    ['two storage versions', crd({ versions: [{ name: 'v1', served: true, storage: true, schema }, { name: 'v2', served: true, storage: true, schema }] }), ['spec.versions: must have exactly one version marked as storage version']],
    ['no schema', crd({ versions: [{ name: 'v1', served: true, storage: true }] }), ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required']],
    ['untyped property', crd({ versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: {} } } } }] }), ['spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields']],
    ['unknown conversion strategy', crd({ conversion: { strategy: 'Magic' } }), ['spec.conversion.strategy: Unsupported value: "Magic": supported values: "None", "Webhook"']],
  ])('%s', (_n, o, want) => {
    // Slice values print as Go structs in Kubernetes; compare those messages by their detail only.
    expect(msgs(crds.validate?.(o) ?? []).map((m) => m.replace(/^spec\.versions: Invalid value: .*: (must .*)$/, 'spec.versions: $1'))).toEqual(want);
  });

  it('group and plural are immutable', () => {
    const old = crd();
    const next = crd({ group: 'other.example.com' });
    expect(msgs(crds.validateUpdate?.(next, old) ?? [])).toEqual(['spec.group: Invalid value: "other.example.com": field is immutable']);
  });
});
