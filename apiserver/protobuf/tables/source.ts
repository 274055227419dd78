// The form field tables are written in; protobuf/schema.ts parses and checks them.

/** Tables as written in the source: message name → field number → spec string. */
export type TableSource = Record<string, Record<number, string>>;
