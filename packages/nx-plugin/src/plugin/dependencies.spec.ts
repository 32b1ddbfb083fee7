import { join } from 'node:path';
import { DependencyType, type CreateDependenciesContext, type ProjectConfiguration } from '@nx/devkit';
import { createDependencies, imageRepository, pythonPathRequirements } from './dependencies';

jest.mock('@nx/devkit', () => ({ ...jest.requireActual('@nx/devkit'), logger: { warn: jest.fn() } }));

const workspaceRoot = join(__dirname, '../../test/fixtures/workspace');

function context(projects: Record<string, string>): CreateDependenciesContext {
  const configs: Record<string, ProjectConfiguration> = {};
  for (const [name, root] of Object.entries(projects)) configs[name] = { root };
  return { projects: configs, workspaceRoot, nxJsonConfiguration: {}, externalNodes: {}, fileMap: { projectFileMap: {}, nonProjectFiles: [] }, filesToProcess: { projectFileMap: {}, nonProjectFiles: [] } };
}

const fixtureProjects = {
  'base-python': 'airbyte-integrations/bases/base-python',
  'source-alpha': 'airbyte-integrations/connectors/source-alpha',
  'destination-beta': 'airbyte-integrations/connectors/destination-beta',
  'source-gamma': 'airbyte-integrations/connectors/source-gamma',
  'source-delta': 'airbyte-integrations/connectors/source-delta',
  'destination-epsilon': 'airbyte-integrations/connectors/destination-epsilon',
};

/** Libraries under bases without a Dockerfile (projects since createNodes infers them). */
const fixtureLibraries = {
  'airbyte-python-lib': 'airbyte-integrations/bases/airbyte-python-lib',
  'node-lib': 'airbyte-integrations/bases/node-lib',
};

describe('createDependencies', () => {
  it('links a connector to the base image its Dockerfile FROMs, with the Dockerfile as source file', async () => {
    const dependencies = await createDependencies(undefined, context(fixtureProjects));
    expect(dependencies).toContainEqual({
      source: 'source-alpha',
      target: 'base-python',
      sourceFile: 'airbyte-integrations/connectors/source-alpha/Dockerfile',
      type: DependencyType.static,
    });
  });

  it('adds no edge for a FROM that is not a project of the workspace', async () => {
    const dependencies = await createDependencies(undefined, context(fixtureProjects));
    expect(dependencies.filter((d) => d.source === 'source-gamma' || d.source === 'destination-beta')).toEqual([]);
  });

  it('links a Python connector to the project it installs by path in requirements.txt (a library under bases), with requirements.txt as source file', async () => {
    const dependencies = await createDependencies(undefined, context({ ...fixtureProjects, ...fixtureLibraries }));
    expect(dependencies.filter((d) => d.source === 'source-delta')).toEqual([
      { source: 'source-delta', target: 'base-python', sourceFile: 'airbyte-integrations/connectors/source-delta/Dockerfile', type: DependencyType.static },
      { source: 'source-delta', target: 'airbyte-python-lib', sourceFile: 'airbyte-integrations/connectors/source-delta/requirements.txt', type: DependencyType.static },
    ]);
    // without the library as a project, the path requirement gives no edge (Nx would refuse an unknown target)
    const without = await createDependencies(undefined, context(fixtureProjects));
    expect(without.filter((d) => d.source === 'source-delta').map((d) => d.target)).toEqual(['base-python']);
  });

  it('links a TypeScript connector to a workspace package named in its package.json, with package.json as source file', async () => {
    const dependencies = await createDependencies(undefined, context({ ...fixtureProjects, ...fixtureLibraries }));
    expect(dependencies.filter((d) => d.source === 'destination-beta')).toEqual([
      { source: 'destination-beta', target: 'node-lib', sourceFile: 'airbyte-integrations/connectors/destination-beta/package.json', type: DependencyType.static },
    ]);
    // destination-epsilon's package.json names no workspace package
    expect(dependencies.filter((d) => d.source === 'destination-epsilon')).toEqual([]);
  });

  it("takes the files a project has from Nx's file map when it lists the project", async () => {
    const listed = context(fixtureProjects);
    // the map says source-alpha has no Dockerfile: no edge, though the file is on disk
    listed.fileMap.projectFileMap['source-alpha'] = [{ file: 'airbyte-integrations/connectors/source-alpha/main.py', hash: '1' }];
    const dependencies = await createDependencies(undefined, listed);
    expect(dependencies.filter((d) => d.source === 'source-alpha' && d.target === 'base-python')).toEqual([]);
  });

  it('makes connectors depend on the acceptance package when it is a project here', async () => {
    const dependencies = await createDependencies(undefined, context({ ...fixtureProjects, acceptance: '../../../../acceptance' }));
    expect(dependencies).toContainEqual({ source: 'source-gamma', target: 'acceptance', type: DependencyType.implicit });
    expect(dependencies.find((d) => d.source === 'base-python' && d.target === 'acceptance')).toBeUndefined();
  });

  it('makes connectors depend on this plugin when it is a project here (their targets run its scripts)', async () => {
    const dependencies = await createDependencies(undefined, context({ ...fixtureProjects, 'nx-plugin': '../../..' }));
    expect(dependencies).toContainEqual({ source: 'source-alpha', target: 'nx-plugin', type: DependencyType.implicit });
    expect(dependencies.find((d) => d.source === 'base-python' && d.target === 'nx-plugin')).toBeUndefined();
    const without = await createDependencies(undefined, context(fixtureProjects));
    expect(without.find((d) => d.target === 'nx-plugin')).toBeUndefined();
  });
});

describe('imageRepository', () => {
  it.each([
    ['airbyte/base-python:dev', 'airbyte/base-python'],
    ['airbyte/base-python', 'airbyte/base-python'],
    ['localhost:5000/airbyte/base-python:1.0', 'localhost:5000/airbyte/base-python'],
    ['airbyte/base-python@sha256:abc', 'airbyte/base-python'],
  ])('reads %s as the repository %s', (image, repository) => {
    expect(imageRepository(image)).toBe(repository);
  });
});

describe('pythonPathRequirements', () => {
  it('finds editable, plain and file: path requirements and ignores index packages and comments', () => {
    const text = ['requests==2.28', '-e ../../bases/airbyte-python-lib', '../common  # shared code', 'lib @ file:///work/libs/lib', '# -e ../nope'].join('\n');
    expect(pythonPathRequirements(text)).toEqual(['../../bases/airbyte-python-lib', '../common', '/work/libs/lib']);
  });
});
