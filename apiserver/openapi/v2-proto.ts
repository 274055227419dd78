// The Swagger 2.0 document as gnostic's openapi_v2.Document protobuf
// (application/com.github.proto-openapi.spec.v2@v1.0+protobuf), which is what client-go's
// OpenAPISchema() asks for and decodes. Field numbers from gnostic's OpenAPIv2.proto; vendor
// extensions and enum values travel as YAML text in openapi_v2.Any, as gnostic writes them.
import protobuf from 'protobufjs/minimal.js';
import { stringify } from 'yaml';
import type { OperationV2, ParameterV2, PathItemV2, SchemaV2, SwaggerDocument } from './v2.js';

export const openapiV2ProtobufType = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

type Writer = protobuf.Writer;

const str = (w: Writer, n: number, s: string | undefined): void => {
  if (s) w.uint32((n << 3) | 2).string(s);
};
const strs = (w: Writer, n: number, list: readonly string[] | undefined): void => {
  for (const s of list ?? []) w.uint32((n << 3) | 2).string(s);
};
const flag = (w: Writer, n: number, b: boolean | undefined): void => {
  if (b) w.uint32(n << 3).bool(true);
};
const sub = (w: Writer, n: number, body: (w: Writer) => void): void => {
  w.uint32((n << 3) | 2).fork();
  body(w);
  w.ldelim();
};

/** openapi_v2.Any{yaml}. */
const anyYaml = (w: Writer, n: number, value: unknown): void => sub(w, n, (a) => str(a, 2, stringify(value)));

/** NamedAny entries for the `x-` members of `o`. */
function vendorExtensions(w: Writer, n: number, o: object): void {
  for (const [k, v] of Object.entries(o)) {
    if (k.startsWith('x-') && v !== undefined) sub(w, n, (e) => {
      str(e, 1, k);
      anyYaml(e, 2, v);
    });
  }
}

function schema(w: Writer, s: SchemaV2): void {
  str(w, 1, s.$ref);
  str(w, 2, s.format);
  str(w, 4, s.description);
  strs(w, 19, s.required);
  for (const v of s.enum ?? []) anyYaml(w, 20, v);
  const ap = s.additionalProperties;
  if (ap !== undefined) sub(w, 21, (a) => (typeof ap === 'boolean' ? a.uint32(2 << 3).bool(ap) : sub(a, 1, (x) => schema(x, ap))));
  if (s.type) sub(w, 22, (t) => str(t, 1, s.type));
  const items = s.items;
  if (items) sub(w, 23, (i) => sub(i, 1, (x) => schema(x, items)));
  for (const a of s.allOf ?? []) sub(w, 24, (x) => schema(x, a));
  const props = s.properties;
  if (props) sub(w, 25, (p) => {
    for (const [name, value] of Object.entries(props)) sub(p, 1, (e) => {
      str(e, 1, name);
      sub(e, 2, (x) => schema(x, value));
    });
  });
  vendorExtensions(w, 31, s);
}

function parameter(w: Writer, p: ParameterV2): void {
  // ParametersItem{parameter} → Parameter{body_parameter | non_body_parameter{query | path}}
  sub(w, 1, (param) => {
    const body = p.schema;
    if (p.in === 'body' && body) {
      sub(param, 1, (b) => {
        str(b, 1, p.description);
        str(b, 2, p.name);
        str(b, 3, p.in);
        flag(b, 4, p.required);
        sub(b, 5, (x) => schema(x, body));
      });
      return;
    }
    sub(param, 2, (nb) => sub(nb, p.in === 'query' ? 3 : 4, (q) => {
      flag(q, 1, p.required);
      str(q, 2, p.in);
      str(q, 3, p.description);
      str(q, 4, p.name);
      str(q, p.in === 'query' ? 6 : 5, p.type);
      flag(q, p.in === 'query' ? 20 : 19, p.uniqueItems);
    }));
  });
}

function operation(w: Writer, o: OperationV2): void {
  strs(w, 1, o.tags);
  str(w, 3, o.description);
  str(w, 5, o.operationId);
  strs(w, 6, o.produces);
  strs(w, 7, o.consumes);
  for (const p of o.parameters ?? []) sub(w, 8, (x) => parameter(x, p));
  sub(w, 9, (rs) => {
    for (const [code, r] of Object.entries(o.responses)) sub(rs, 1, (named) => {
      str(named, 1, code);
      sub(named, 2, (rv) => sub(rv, 1, (resp) => {
        str(resp, 1, r.description);
        const s = r.schema;
        if (s) sub(resp, 2, (item) => sub(item, 1, (x) => schema(x, s)));
      }));
    });
  });
  strs(w, 10, o.schemes);
  vendorExtensions(w, 13, o);
}

const verbField = { get: 2, put: 3, post: 4, delete: 5, patch: 8 } as const;

function pathItem(w: Writer, item: PathItemV2): void {
  for (const [verb, n] of Object.entries(verbField) as [keyof typeof verbField, number][]) {
    const op = item[verb];
    if (op) sub(w, n, (x) => operation(x, op));
  }
  for (const p of item.parameters ?? []) sub(w, 9, (x) => parameter(x, p));
}

export function encodeSwagger(doc: SwaggerDocument): Uint8Array {
  const w = protobuf.Writer.create();
  str(w, 1, doc.swagger);
  sub(w, 2, (info) => {
    str(info, 1, doc.info.title);
    str(info, 2, doc.info.version);
  });
  sub(w, 8, (paths) => {
    for (const [name, item] of Object.entries(doc.paths)) sub(paths, 2, (e) => {
      str(e, 1, name);
      sub(e, 2, (x) => pathItem(x, item));
    });
  });
  sub(w, 9, (defs) => {
    for (const [name, s] of Object.entries(doc.definitions)) sub(defs, 1, (e) => {
      str(e, 1, name);
      sub(e, 2, (x) => schema(x, s));
    });
  });
  return w.finish();
}

/** Both encodings of the document, built on first use and kept (one per API server). */
export class SwaggerServer {
  private built?: { json: string; protobuf: Uint8Array };

  constructor(private readonly build: () => SwaggerDocument) {}

  get(): { json: string; protobuf: Uint8Array } {
    if (!this.built) {
      const doc = this.build();
      this.built = { json: JSON.stringify(doc), protobuf: encodeSwagger(doc) };
    }
    return this.built;
  }
}
