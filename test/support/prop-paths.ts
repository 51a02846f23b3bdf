import * as path from 'path';
import * as ts from 'typescript';

/**
 * Every prop path of a props interface, read from the TypeScript declarations in src/ (not from
 * the run-time checks under test), so a fuzzer reaches each prop, including props added later.
 *
 *   propPaths('MigrationJobProps')
 *   // ['activeDeadline', 'alerts', 'alerts.completionGrace', ..., 'approval', 'approval.changeRef', ...]
 *
 * Structs are followed into their fields (`alerts.severity`), lists of structs into their first
 * item (`partitions[0].key`), maps get one entry path (`env.*`, the fuzzer picks the key).
 * Classes (Duration, QueueTrigger, ...) and enums are leaves.
 */
export function propPaths(interfaceName: string): string[] {
  const { checker, declarations } = program();
  const declaration = declarations.get(interfaceName);
  if (!declaration) throw new Error(`no exported interface ${interfaceName} in src/`);
  const paths: string[] = [];
  walk(checker, checker.getTypeAtLocation(declaration), '', paths, new Set([interfaceName]));
  return paths.sort();
}

/** The entry of a map in a path: the fuzzer replaces it with a key of its choice. */
export const MAP_ENTRY = '*';

let cached: { checker: ts.TypeChecker; declarations: Map<string, ts.InterfaceDeclaration> } | undefined;

function program() {
  if (cached) return cached;
  const root = path.join(__dirname, '..', '..', 'src');
  const prog = ts.createProgram([path.join(root, 'index.ts')], {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, noEmit: true,
  });
  const declarations = new Map<string, ts.InterfaceDeclaration>();
  for (const file of prog.getSourceFiles()) {
    if (!file.fileName.startsWith(root)) continue;
    file.forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node)) declarations.set(node.name.text, node);
    });
  }
  cached = { checker: prog.getTypeChecker(), declarations };
  return cached;
}

function walk(checker: ts.TypeChecker, type: ts.Type, prefix: string, out: string[], seen: Set<string>): void {
  for (const property of checker.getPropertiesOfType(type)) {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    if (!declaration) continue;
    const propertyType = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, declaration));
    const here = prefix === '' ? property.name : `${prefix}.${property.name}`;
    out.push(here);
    follow(checker, propertyType, here, out, seen);
  }
}

function follow(checker: ts.TypeChecker, type: ts.Type, here: string, out: string[], seen: Set<string>): void {
  if (checker.isArrayType(type)) {
    const item = checker.getNonNullableType(checker.getTypeArguments(type as ts.TypeReference)[0]);
    out.push(`${here}[0]`);
    follow(checker, item, `${here}[0]`, out, seen);
    return;
  }
  // eslint-disable-next-line no-bitwise -- TypeScript type flags are a bit set.
  if ((type.flags & ts.TypeFlags.Object) !== 0 && checker.getIndexInfosOfType(type).length > 0) {
    out.push(`${here}.${MAP_ENTRY}`);
    return;
  }
  const symbol = type.getSymbol();
  const declaration = symbol?.declarations?.[0];
  // Structs are interfaces declared in src/; classes and enums are leaves.
  if (symbol && declaration && ts.isInterfaceDeclaration(declaration) && declaration.getSourceFile().fileName.includes(`${path.sep}src${path.sep}`)) {
    if (seen.has(symbol.name)) return;
    walk(checker, type, here, out, new Set([...seen, symbol.name]));
  }
}
