// Emits the package's .d.ts files (tsconfig.build.json) with every relative import written the way
// Node's ESM resolution needs it: `from './types.js'`, not `from './types'`. The source keeps
// extensionless imports for Vite, but a consumer on `moduleResolution: node16` or `nodenext`
// cannot follow those (TS2834), and with `skipLibCheck` its types silently turn into `any`:
// https://www.typescriptlang.org/docs/handbook/modules/reference.html#relative-file-path-resolution
// Each specifier is resolved by the compiler itself, so `./ui` becomes `./ui/index.js` when that
// is what it points at. Run by `npm run build`; test/node/pack.test.ts checks the result.
import path from 'node:path';
import ts from 'typescript';

const CONFIG = 'tsconfig.build.json';

function readConfig(file) {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail([d]) };
  const parsed = ts.getParsedCommandLineOfConfigFile(file, undefined, host);
  if (parsed.errors.length) fail(parsed.errors);
  return parsed;
}

function fail(diagnostics) {
  const host = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: ts.sys.getCurrentDirectory,
    getNewLine: () => ts.sys.newLine,
  };
  console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  process.exit(1);
}

/** `./types` → `./types.js`, as seen from `fromFile` (a source .ts path); non-relative names stay. */
function withJsExtension(specifier, fromFile, options) {
  if (!specifier.startsWith('.')) return specifier;
  const resolved = ts.resolveModuleName(specifier, fromFile, options, ts.sys).resolvedModule;
  if (!resolved || resolved.isExternalLibraryImport) return specifier;
  const target = resolved.resolvedFileName.replace(/(\.d)?\.[mc]?tsx?$/, '.js');
  const relative = path.relative(path.dirname(fromFile), target).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : './' + relative;
}

/** A declaration transformer that rewrites the specifiers of imports, re-exports and `import()` types. */
const rewriteSpecifiers = (options) => (context) => (sourceFile) => {
  const f = context.factory;
  const fix = (literal) =>
    f.createStringLiteral(withJsExtension(literal.text, sourceFile.fileName, options), /* single quote */ true);
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      return f.updateImportDeclaration(
        node,
        node.modifiers,
        node.importClause,
        fix(node.moduleSpecifier),
        node.attributes,
      );
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      return f.updateExportDeclaration(
        node,
        node.modifiers,
        node.isTypeOnly,
        node.exportClause,
        fix(node.moduleSpecifier),
        node.attributes,
      );
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      return f.updateImportTypeNode(
        node,
        f.updateLiteralTypeNode(node.argument, fix(node.argument.literal)),
        node.attributes,
        node.qualifier && ts.visitNode(node.qualifier, visit),
        node.typeArguments && ts.visitNodes(node.typeArguments, visit),
        node.isTypeOf,
      );
    }
    return ts.visitEachChild(node, visit, context);
  };
  return ts.isSourceFile(sourceFile) ? ts.visitNode(sourceFile, visit) : sourceFile;
};

const { fileNames, options, projectReferences } = readConfig(CONFIG);
const program = ts.createProgram({ rootNames: fileNames, options, projectReferences });
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length) fail(diagnostics);
const result = program.emit(undefined, undefined, undefined, true, {
  afterDeclarations: [rewriteSpecifiers(options)],
});
if (result.diagnostics.length) fail(result.diagnostics);
