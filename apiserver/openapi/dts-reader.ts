// Build-time only: reads the kubernetes-models / @kubernetes-models/apimachinery declaration files
// (.d.ts) with the TypeScript compiler API and returns each model's properties, optionality, JSDoc
// descriptions and type shapes, following imports to every model reachable from the roots.
// Imported only by generate.ts (typescript is a devDependency).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type TypeShape =
  | { t: 'string' }
  | { t: 'number' }
  | { t: 'boolean' }
  | { t: 'any' }
  | { t: 'literal'; value: string | number }
  | { t: 'enum'; values: Array<string | number> }
  | { t: 'array'; items: TypeShape }
  | { t: 'map'; values: TypeShape }
  | { t: 'ref'; name: string }
  | { t: 'union'; members: TypeShape[] };

export interface ModelProperty {
  name: string;
  description?: string;
  required: boolean;
  type: TypeShape;
}

export interface Model {
  /** Kubernetes definition name, e.g. `io.k8s.api.apps.v1.DeploymentSpec`. */
  name: string;
  file: string;
  description?: string;
  /** Interface models have properties; alias models (Time, Quantity, IntOrString) have aliasOf. */
  properties?: ModelProperty[];
  aliasOf?: TypeShape;
}

interface ParsedFile {
  source: ts.SourceFile;
  /** local name → module specifier it is imported from */
  imports: Map<string, string>;
  /** the model declared here (interface or type alias) and its exported Kubernetes name */
  decl: ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
  name: string;
}

/** `IoK8sApiAppsV1` + `DeploymentSpec` → `io.k8s.api.apps.v1.DeploymentSpec`. */
export function kubernetesName(exportedAlias: string, baseName: string): string {
  const full = exportedAlias.startsWith('IIo') ? exportedAlias.slice(1) : exportedAlias;
  if (!full.endsWith(baseName)) throw new Error(`alias ${exportedAlias} does not end with ${baseName}`);
  const prefix = full.slice(0, full.length - baseName.length);
  const parts = prefix.split(/(?=[A-Z])/).map((p) => p.toLowerCase());
  return [...parts, baseName].join('.');
}

export class DtsReader {
  private readonly files = new Map<string, ParsedFile>();
  readonly models = new Map<string, Model>();

  /** Reads the model in `file` and everything it references; returns its Kubernetes name. */
  readFrom(file: string): string {
    const queue = [path.resolve(file)];
    const rootName = this.parse(queue[0]).name;
    const seen = new Set<string>();
    while (queue.length > 0) {
      const f = queue.pop() as string;
      if (seen.has(f)) continue;
      seen.add(f);
      const parsed = this.parse(f);
      if (this.models.has(parsed.name)) continue;
      const refs: string[] = [];
      const model = this.toModel(parsed, refs);
      this.models.set(model.name, model);
      queue.push(...refs);
    }
    return rootName;
  }

  private parse(file: string): ParsedFile {
    const cached = this.files.get(file);
    if (cached) return cached;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const imports = new Map<string, string>();
    const decls = new Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>();
    let exported: { local: string; alias: string } | undefined;
    for (const st of source.statements) {
      if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
        const bindings = st.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) imports.set(el.name.text, st.moduleSpecifier.text);
        }
      } else if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) {
        decls.set(st.name.text, st);
      } else if (ts.isExportDeclaration(st) && st.isTypeOnly && st.exportClause && ts.isNamedExports(st.exportClause)) {
        // export type { IDeployment as IIoK8sApiAppsV1Deployment, Deployment as IoK8sApiAppsV1Deployment };
        const first = st.exportClause.elements[0];
        if (first?.propertyName) exported = { local: first.propertyName.text, alias: first.name.text };
      }
    }
    if (!exported) throw new Error(`${file}: no "export type { I… as IIoK8s… }" statement`);
    const decl = decls.get(exported.local);
    if (!decl) throw new Error(`${file}: ${exported.local} is not declared here`);
    const name = kubernetesName(exported.alias, exported.local.replace(/^I/, ''));
    const parsed: ParsedFile = { source, imports, decl, name };
    this.files.set(file, parsed);
    return parsed;
  }

  private toModel(p: ParsedFile, refs: string[]): Model {
    const description = jsDocText(p.decl);
    if (ts.isTypeAliasDeclaration(p.decl)) {
      return { name: p.name, file: p.source.fileName, description, aliasOf: this.shape(p, p.decl.type, refs) };
    }
    const properties: ModelProperty[] = [];
    for (const m of p.decl.members) {
      if (!ts.isPropertySignature(m) || !m.type) throw new Error(`${p.source.fileName}: unsupported member ${m.getText()}`);
      const name = ts.isStringLiteral(m.name) || ts.isIdentifier(m.name) ? m.name.text : m.name.getText();
      properties.push({
        name,
        description: jsDocText(m),
        required: !m.questionToken,
        type: this.shape(p, m.type, refs),
      });
    }
    return { name: p.name, file: p.source.fileName, description, properties };
  }

  private shape(p: ParsedFile, node: ts.TypeNode, refs: string[]): TypeShape {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { t: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { t: 'number' };
      case ts.SyntaxKind.BooleanKeyword:
        return { t: 'boolean' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.ObjectKeyword:
        return { t: 'any' };
    }
    if (ts.isParenthesizedTypeNode(node)) return this.shape(p, node.type, refs);
    if (ts.isLiteralTypeNode(node)) {
      const lit = node.literal;
      if (ts.isStringLiteral(lit)) return { t: 'literal', value: lit.text };
      if (ts.isNumericLiteral(lit)) return { t: 'literal', value: Number(lit.text) };
    }
    if (ts.isArrayTypeNode(node)) return { t: 'array', items: this.shape(p, node.elementType, refs) };
    if (ts.isUnionTypeNode(node)) {
      const members = node.types.map((n) => this.shape(p, n, refs));
      if (members.every((m) => m.t === 'literal')) {
        return { t: 'enum', values: members.map((m) => (m as { value: string | number }).value) };
      }
      return { t: 'union', members };
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (index && node.members.length === 1) return { t: 'map', values: this.shape(p, index.type, refs) };
      if (node.members.length === 0) return { t: 'any' };
      const embedded = this.embeddedKind(p, node, refs);
      if (embedded) return embedded;
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const id = node.typeName.text;
      if (id === 'Array' && node.typeArguments?.length === 1) {
        return { t: 'array', items: this.shape(p, node.typeArguments[0], refs) };
      }
      if (id === 'Record' && node.typeArguments?.length === 2) {
        return { t: 'map', values: this.shape(p, node.typeArguments[1], refs) };
      }
      const spec = p.imports.get(id);
      if (spec) {
        const target = resolveImport(p.source.fileName, spec);
        refs.push(target);
        return { t: 'ref', name: this.parse(target).name };
      }
    }
    throw new Error(`${p.source.fileName}: unsupported type ${node.getText()}`);
  }

  /**
   * kubernetes-models writes a top-level kind that a struct embeds inline (a StatefulSet's
   * volumeClaimTemplates are PersistentVolumeClaims): an object literal whose `spec` is `<Kind>Spec`
   * next to a `<Kind>` model is that kind, referenced as Kubernetes' schema does.
   */
  private embeddedKind(p: ParsedFile, node: ts.TypeLiteralNode, refs: string[]): TypeShape | undefined {
    const spec = node.members.find((m): m is ts.PropertySignature => ts.isPropertySignature(m) && m.name.getText().replace(/"/g, '') === 'spec');
    const type = spec?.type;
    if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
    const from = p.imports.get(type.typeName.text);
    if (!from) return undefined;
    const specFile = resolveImport(p.source.fileName, from);
    const kindFile = specFile.replace(/Spec\.d\.ts$/, '.d.ts');
    if (kindFile === specFile || !existsSync(kindFile)) return undefined;
    refs.push(kindFile);
    return { t: 'ref', name: this.parse(kindFile).name };
  }
}

function jsDocText(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs[docs.length - 1];
  if (!last) return undefined;
  const text = ts.getTextOfJSDocComment(last.comment)?.trim();
  return text ? text : undefined;
}

/** Resolves `./X.js` or `@kubernetes-models/apimachinery/apis/meta/v1/X` to its .d.ts file. */
export function resolveImport(fromFile: string, spec: string): string {
  if (spec.startsWith('.')) {
    const f = path.resolve(path.dirname(fromFile), spec.replace(/\.js$/, '') + '.d.ts');
    if (!existsSync(f)) throw new Error(`${fromFile}: cannot resolve ${spec}`);
    return f;
  }
  const parts = spec.split('/');
  const pkgLen = spec.startsWith('@') ? 2 : 1;
  const pkgDir = findPackageDir(fromFile, parts.slice(0, pkgLen).join('/'));
  const f = path.join(pkgDir, parts.slice(pkgLen).join('/').replace(/\.js$/, '') + '.d.ts');
  if (!existsSync(f)) throw new Error(`${fromFile}: cannot resolve ${spec}`);
  return f;
}

/** The directory of npm package `pkg` as Node would find it from `fromFile`. */
export function findPackageDir(fromFile: string, pkg: string): string {
  for (let dir = path.dirname(fromFile); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', pkg);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${fromFile}: cannot find package ${pkg}`);
  }
}
