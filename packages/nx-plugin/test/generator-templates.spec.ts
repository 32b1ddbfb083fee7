import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parseAllDocuments } from 'yaml';
import { loadAcceptanceConfig } from '@nx-airbyte/acceptance';
import { AIRBYTE_NAME_LABEL, AIRBYTE_VERSION_LABEL, parseDockerfile } from '@nx-airbyte/docker';
import connectorGenerator from '../src/generators/connector/connector';
import { TEMPLATE_IDS, TEMPLATES, type TemplateId } from '../src/generators/connector/templates';

// Every template, generated for the fixed name "scaffold" with CI set (so the definition id is fixed):
// 1. its whole tree is a snapshot (test/__snapshots__), so a change to a template is a reviewed diff
//    (update with `npx jest test/generator-templates.spec.ts -u` from packages/nx-plugin);
// 2. its files are checked statically on disk: what the templates that need PyPI or Maven Central can
//    be checked with on a machine that reaches neither.
const NAME = 'scaffold';
/** Big verbatim copies: the snapshot holds their digest, not their text. */
const DIGESTED = new Set(['package-lock.json']);

async function generate(template: TemplateId): Promise<Tree> {
  const tree = createTreeWithEmptyWorkspace();
  const ci = process.env['CI'];
  process.env['CI'] = 'true';
  try {
    await connectorGenerator(tree, { template, name: NAME });
  } finally {
    if (ci === undefined) delete process.env['CI'];
    else process.env['CI'] = ci;
  }
  return tree;
}

/** Every file the generator created, relative to the workspace root, sorted. */
function createdFiles(tree: Tree): string[] {
  const workspaceFiles = new Set(createTreeWithEmptyWorkspace().listChanges().map((change) => change.path));
  return tree
    .listChanges()
    .filter((change) => change.type === 'CREATE' && !workspaceFiles.has(change.path))
    .map((change) => change.path)
    .sort();
}

function snapshotText(file: string, text: string): string {
  if (!DIGESTED.has(path.basename(file))) return text;
  return `sha256 ${createHash('sha256').update(text).digest('hex')}, ${Buffer.byteLength(text)} bytes`;
}

describe.each(TEMPLATE_IDS)('the %s template, generated for the name "scaffold"', (template) => {
  const { connectorType, language } = TEMPLATES[template];
  const project = `${connectorType}-${NAME}`;
  const root = `airbyte-integrations/connectors/${project}`;
  let tree: Tree;
  let files: string[];
  let dir: string;

  beforeAll(async () => {
    tree = await generate(template);
    files = createdFiles(tree);
    dir = mkdtempSync(path.join(tmpdir(), `nx-airbyte-${template}-`));
    for (const file of files) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), tree.read(file) ?? Buffer.alloc(0));
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const connectorFiles = () => files.filter((file) => file.startsWith(`${root}/`));
  const ofType = (...extensions: string[]) => connectorFiles().filter((file) => extensions.some((extension) => file.endsWith(extension)));

  it('matches its snapshot, file by file', () => {
    expect(files).toMatchSnapshot('files');
    for (const file of files) expect(snapshotText(file, tree.read(file, 'utf-8') ?? '')).toMatchSnapshot(file);
  });

  it('has a Dockerfile that parses, with the name and version labels and AIRBYTE_ENTRYPOINT equal to the ENTRYPOINT', () => {
    const dockerfile = parseDockerfile(tree.read(`${root}/Dockerfile`, 'utf-8') ?? '', { file: `${root}/Dockerfile` });
    expect(dockerfile.labels[AIRBYTE_NAME_LABEL]).toBe(`airbyte/${project}`);
    expect(dockerfile.labels[AIRBYTE_VERSION_LABEL]).toBe('0.1.0');
    expect(dockerfile.entrypoint?.form).toBe('exec');
    expect(dockerfile.env['AIRBYTE_ENTRYPOINT']).toBe(dockerfile.entrypoint?.command.join(' '));
  });

  it('has an acceptance-test-config.yml that the acceptance suite loads (secrets/ files aside)', async () => {
    const config = await loadAcceptanceConfig(path.join(dir, root));
    expect(config.connectorImage).toBe(`airbyte/${project}:dev`);
    expect(config.missingSecretFiles.every((missing) => missing.path.includes(`${path.sep}secrets${path.sep}`))).toBe(true);
  });

  it('has JSON, JSON lines and YAML files that parse', () => {
    for (const file of ofType('.json')) expect(() => JSON.parse(tree.read(file, 'utf-8') ?? '')).not.toThrow();
    for (const file of ofType('.jsonl')) {
      for (const line of (tree.read(file, 'utf-8') ?? '').split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    }
    for (const file of ofType('.yml', '.yaml')) {
      expect(parseAllDocuments(tree.read(file, 'utf-8') ?? '').flatMap((document) => ('errors' in document ? document.errors : []))).toEqual([]);
    }
  });

  it('keeps secrets/ out of git and out of the image', () => {
    expect(tree.read(`${root}/.gitignore`, 'utf-8')).toMatch(/^secrets\/$/m);
    expect(tree.read(`${root}/.dockerignore`, 'utf-8')).toMatch(/^\*$/m);
  });

  if (language === 'python') {
    it('has Python files that all compile (python3 -m py_compile)', () => {
      const sources = ofType('.py').map((file) => path.join(dir, file));
      expect(sources.length).toBeGreaterThan(0);
      // Compiles into a cache prefix of its own, so the generated folder gets no __pycache__.
      execFileSync('python3', ['-m', 'py_compile', ...sources], { env: { ...process.env, PYTHONPYCACHEPREFIX: path.join(dir, '.pycache') }, stdio: 'pipe' });
    });
  }

  if (language === 'java') {
    it('has Java files that parse (javac, syntax only: the Airbyte base-java classes come from Maven Central)', () => {
      const sources = ofType('.java').map((file) => path.join(dir, file));
      expect(sources).toHaveLength(2);
      execFileSync('javac', ['-d', path.join(dir, '.javac'), '-XDshould-stop.ifNoError=PARSE', ...sources], { stdio: 'pipe' });
    });

    it('has a build.gradle whose main class is the generated destination', () => {
      expect(tree.read(`${root}/build.gradle`, 'utf-8')).toContain(`mainClass = 'io.airbyte.integrations.destination.${NAME}.ScaffoldDestination'`);
      expect(tree.exists(`${root}/src/main/java/io/airbyte/integrations/destination/${NAME}/ScaffoldDestination.java`)).toBe(true);
    });
  }

  if (language === 'typescript') {
    it('has a package.json whose dependencies are those its package-lock.json pins, and the tsconfig the code needs', () => {
      const manifest = JSON.parse(tree.read(`${root}/package.json`, 'utf-8') ?? '{}');
      const lock = JSON.parse(tree.read(`${root}/package-lock.json`, 'utf-8') ?? '{}');
      expect(manifest.name).toBe(project);
      expect(lock.name).toBe(project);
      expect(lock.packages[''].dependencies).toEqual(manifest.dependencies);
      expect(lock.packages[''].devDependencies).toEqual(manifest.devDependencies);
      expect(JSON.parse(tree.read(`${root}/tsconfig.json`, 'utf-8') ?? '{}').compilerOptions.resolveJsonModule).toBe(true);
    });
  }
});
