// Lets a plain `node` child process require this package's TypeScript sources (as Jest does in the
// parent): .ts files are transpiled on load and @nx-airbyte/<pkg> resolves to packages/<pkg>/src.
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const ts = require('typescript');

const packagesDir = path.resolve(__dirname, '../../..');
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveWorkspacePackage(request, ...rest) {
  const match = /^@nx-airbyte\/([a-z-]+)$/.exec(request);
  if (match) return path.join(packagesDir, match[1], 'src', 'index.ts');
  return originalResolve.call(this, request, ...rest);
};

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  });
  module._compile(outputText, filename);
};
