import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { generateFiles, logger, readNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { DEFAULT_PLUGIN_OPTIONS, type AirbytePluginOptions } from '../../plugin/options';
import { definitionIdFor } from './definition-id';
import {
  DEFAULT_DEFINITIONS_DIR,
  DEFAULT_DOCS_DIR,
  DEFINITION_ID_KEYS,
  definitionEntry,
  DefinitionsError,
  emptySeedFile,
  insertDefinition,
  seedFilePath,
  standardDefinitionJson,
  standardDefinitionPath,
  type DefinitionEntry,
} from './definitions';
import { connectorNameProblem, connectorNames, type ConnectorNames } from './names';
import type { ConnectorGeneratorSchema } from './schema';
import { isTemplateId, TEMPLATE_IDS, TEMPLATES, type ConnectorTemplate } from './templates';

const PLUGIN_PACKAGE = '@nx-airbyte/nx-plugin';
const INITIAL_VERSION = '0.1.0';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PACKAGE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A refusal: nothing has been written, and the message says why and what to do. */
export class ConnectorGeneratorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorGeneratorError';
  }
}

/** Everything the generator decided before writing: names, paths, the definition entry. */
export interface ConnectorPlan {
  template: ConnectorTemplate;
  names: ConnectorNames;
  projectName: string;
  /** The connector folder, relative to the workspace root. */
  root: string;
  image: string;
  definitionId: string;
  tap: string;
  docsPage: string;
  documentationUrl: string;
  seedFile: string;
  standardDefinitionFile: string;
  entry: DefinitionEntry;
}

/**
 * `nx g connector`: a new connector folder from a template, its docs page and its definitions entry.
 * Every check runs before the first write, so a refusal leaves the workspace untouched.
 */
export default async function connectorGenerator(tree: Tree, schema: ConnectorGeneratorSchema): Promise<GeneratorCallback> {
  const plan = await planConnector(tree, schema);
  const seedText = tree.exists(plan.seedFile) ? tree.read(plan.seedFile, 'utf-8') ?? '' : emptySeedFile(plan.template.connectorType);
  const updatedSeed = insertOrRefuse(plan, seedText);

  const substitutions = templateSubstitutions(plan);
  for (const fileSet of plan.template.fileSets) {
    generateFiles(tree, path.join(templatesDir(), fileSet), plan.root, substitutions);
  }
  generateFiles(tree, path.join(templatesDir(), 'docs', plan.template.connectorType), path.dirname(plan.docsPage), substitutions);
  tree.write(plan.seedFile, updatedSeed);
  tree.write(plan.standardDefinitionFile, standardDefinitionJson(plan.entry));

  const created = tree
    .listChanges()
    .filter((change) => change.type === 'CREATE' && change.path.startsWith(`${plan.root}/`))
    .map((change) => change.path.slice(plan.root.length + 1));
  return () => logger.info(successMessage(plan, created));
}

/** Validates the options against the workspace and works out every name and path; throws ConnectorGeneratorError. */
export async function planConnector(tree: Tree, schema: ConnectorGeneratorSchema, env: NodeJS.ProcessEnv = process.env): Promise<ConnectorPlan> {
  if (!isTemplateId(schema.template)) {
    throw new ConnectorGeneratorError(`Unknown template ${JSON.stringify(schema.template)}: choose one of ${TEMPLATE_IDS.join(', ')} (nx g connector --help)`);
  }
  const template = TEMPLATES[schema.template];
  const { connectorType } = template;
  const problem = connectorNameProblem(schema.name, connectorType, template.language);
  if (problem) throw new ConnectorGeneratorError(`Cannot create the connector: ${problem}.`);
  const names = connectorNames(schema.name);
  const projectName = `${connectorType}-${names.dash}`;
  const root = `${trimSlashes(schema.connectorsDir ?? pluginConnectorsDir(tree))}/${projectName}`;
  if (tree.exists(root)) {
    throw new ConnectorGeneratorError(`Cannot create ${projectName}: ${root} already exists. Choose another name, or move that folder away first.`);
  }
  if (schema.definitionId !== undefined && !UUID_PATTERN.test(schema.definitionId)) {
    throw new ConnectorGeneratorError(`Cannot create ${projectName}: --definitionId ${JSON.stringify(schema.definitionId)} is not a UUID (e.g. ${'3f0c6a52-8e7d-4c1b-9a55-2f6d1e8b7c40'}).`);
  }
  const tap = template.id === 'singer-python-source' ? await singerTap(schema, names) : '';
  if (tap && !PACKAGE_NAME_PATTERN.test(tap)) {
    throw new ConnectorGeneratorError(`Cannot create ${projectName}: --tap ${JSON.stringify(tap)} is not a Python package name (e.g. tap-shopify).`);
  }

  const image = `airbyte/${projectName}`;
  const definitionsDir = trimSlashes(schema.definitionsDir ?? DEFAULT_DEFINITIONS_DIR);
  const definitionId = definitionIdFor(image, schema.definitionId, env);
  const docsPage = `${trimSlashes(schema.docsDir ?? DEFAULT_DOCS_DIR)}/${connectorType}s/${names.dash}.md`;
  if (tree.exists(docsPage)) {
    throw new ConnectorGeneratorError(`Cannot create ${projectName}: its docs page ${docsPage} already exists. Remove it, or choose another name.`);
  }
  const standardDefinitionFile = standardDefinitionPath(definitionsDir, connectorType, definitionId);
  if (tree.exists(standardDefinitionFile)) {
    throw new ConnectorGeneratorError(`Cannot create ${projectName}: ${standardDefinitionFile} already exists (the ${DEFINITION_ID_KEYS[connectorType]} is taken). Give another --definitionId.`);
  }
  const documentationUrl = `https://docs.airbyte.com/integrations/${connectorType}s/${names.dash}`;
  const entry = definitionEntry({ connectorType, name: names.title, id: definitionId, dockerRepository: image, dockerImageTag: INITIAL_VERSION, documentationUrl });
  return {
    template,
    names,
    projectName,
    root,
    image,
    definitionId,
    tap,
    docsPage,
    documentationUrl,
    seedFile: seedFilePath(definitionsDir, connectorType),
    standardDefinitionFile,
    entry,
  };
}

function insertOrRefuse(plan: ConnectorPlan, seedText: string): string {
  try {
    return insertDefinition(plan.seedFile, seedText, plan.template.connectorType, plan.entry);
  } catch (error) {
    if (error instanceof DefinitionsError) throw new ConnectorGeneratorError(`Cannot create ${plan.projectName}: ${error.message}.`);
    throw error;
  }
}

/** The values templates use: `<%= names.snake %>` in files, `__snake__` in paths. */
export function templateSubstitutions(plan: ConnectorPlan): Record<string, unknown> {
  return {
    tmpl: '',
    dot: '.',
    dash: plan.names.dash,
    snake: plan.names.snake,
    proper: plan.names.proper,
    names: plan.names,
    connectorType: plan.template.connectorType,
    templateId: plan.template.id,
    projectName: plan.projectName,
    root: plan.root,
    /** From the connector folder back to the workspace root, for README commands. */
    workspaceRoot: plan.root.split('/').map(() => '..').join('/'),
    image: plan.image,
    version: INITIAL_VERSION,
    definitionId: plan.definitionId,
    definitionIdKey: DEFINITION_ID_KEYS[plan.template.connectorType],
    seedFile: plan.seedFile,
    docsPage: plan.docsPage,
    documentationUrl: plan.documentationUrl,
    tap: plan.tap,
  };
}

/** The tap of a Singer source: --tap, else asked when the session is interactive, else tap-<name>. */
async function singerTap(schema: ConnectorGeneratorSchema, names: ConnectorNames): Promise<string> {
  if (schema.tap !== undefined && schema.tap !== '') return schema.tap;
  const fallback = `tap-${names.dash}`;
  if (process.env['NX_INTERACTIVE'] !== 'true' || !process.stdin.isTTY || !process.stdout.isTTY) return fallback;
  // Nx's own prompt (the one its x-prompts use): a schema cannot ask a question for one template only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { textPrompt } = require('nx/src/utils/prompt-helpers') as {
    textPrompt(options: { message: string; placeholder?: string; validate?: (value: string) => string | undefined }): Promise<string>;
  };
  const answer = await textPrompt({
    message: `Singer tap package to wrap (PyPI name; Enter for ${fallback}):`,
    placeholder: fallback,
    validate: (value) => (value.trim() === '' || PACKAGE_NAME_PATTERN.test(value.trim()) ? undefined : 'a Python package name, e.g. tap-shopify'),
  });
  return answer.trim() || fallback;
}

/** The connectors folder the workspace's nx.json gives the plugin, else the default. */
export function pluginConnectorsDir(tree: Tree): string {
  const plugins = (tree.exists('nx.json') ? readNxJson(tree)?.plugins : undefined) ?? [];
  for (const plugin of plugins) {
    if (typeof plugin === 'object' && plugin.plugin === PLUGIN_PACKAGE) {
      const dir = (plugin.options as AirbytePluginOptions | undefined)?.connectorsDir;
      if (typeof dir === 'string' && dir.trim() !== '') return dir;
    }
  }
  return DEFAULT_PLUGIN_OPTIONS.connectorsDir;
}

export function trimSlashes(dir: string): string {
  return dir.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
}

/** The template folders: next to the sources (jest, ts-node) or, from dist/, in the package's src/. */
export function templatesDir(): string {
  const candidates = [path.join(__dirname, 'files'), path.join(__dirname, '../../../src/generators/connector/files')];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0];
}

export function successMessage(plan: ConnectorPlan, created: readonly string[]): string {
  const { template, projectName, root } = plan;
  const fill = (step: string) => step.replace(/\{project\}/g, projectName).replace(/\{root\}/g, root);
  const lines = [
    '',
    `Created ${projectName} from the ${template.id} template:`,
    `  ${root}/  ${created.length} files: code, Dockerfile, .dockerignore, acceptance-test-config.yml, integration_tests/, secrets/ (git-ignored), README.md`,
    `  ${plan.docsPage}  the documentation page`,
    `  ${plan.seedFile}  a new entry, ${DEFINITION_ID_KEYS[template.connectorType]} ${plan.definitionId}`,
    `  ${plan.standardDefinitionFile}`,
    '',
    `Next: search the new connector for TODO and follow each one:`,
    `  grep -rn TODO ${root}`,
    `Then build and test it (it is already an Nx project: npx nx show project ${projectName}):`,
    ...template.nextSteps.map((step) => `  ${fill(step)}`),
  ];
  if (template.builds !== 'offline') {
    lines.push('', `This template ${template.builds} to build its image: ${root}/README.md says how.`);
  }
  return lines.join('\n');
}
