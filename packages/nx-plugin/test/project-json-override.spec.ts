import { TempWorkspace } from './support/temp-workspace';

// End to end with the real nx binary: a project.json next to a connector's Dockerfile is merged over
// what the plugin infers (options key by key), and may add targets of its own.
let workspace: TempWorkspace;

interface ShownProject {
  targets: Record<string, { executor?: string; command?: string; options?: Record<string, unknown>; inputs?: unknown[]; dependsOn?: unknown[] }>;
}

beforeAll(() => {
  workspace = TempWorkspace.create('nx-airbyte-project-json-', {
    git: false,
    files: {
      'airbyte-integrations/connectors/source-alpha/Dockerfile': 'FROM debian:bookworm-slim\nLABEL io.airbyte.name=airbyte/source-alpha io.airbyte.version=0.1.0\n',
      'airbyte-integrations/connectors/source-alpha/main.py': 'print("alpha")\n',
      'airbyte-integrations/connectors/source-alpha/project.json': JSON.stringify({
        name: 'source-alpha',
        targets: {
          build: { options: { tag: 'ci', buildArgs: { PYTHON_VERSION: '3.11' } } },
          hello: { command: 'echo "hello from $(basename $PWD)"', options: { cwd: '{projectRoot}' } },
        },
      }),
      'airbyte-integrations/connectors/source-beta/Dockerfile': 'FROM debian:bookworm-slim\nLABEL io.airbyte.name=airbyte/source-beta io.airbyte.version=0.1.0\n',
    },
  });
}, 60_000);

afterAll(() => workspace.remove());

function show(project: string): ShownProject {
  return JSON.parse(workspace.nxOk(['show', 'project', project, '--json'])) as ShownProject;
}

describe('a project.json next to a connector', () => {
  it('overrides an option of an inferred target and keeps the rest of it', () => {
    const build = show('source-alpha').targets['build'];
    expect(build.executor).toBe('@nx-airbyte/nx-plugin:build');
    expect(build.options).toMatchObject({ tag: 'ci', buildArgs: { PYTHON_VERSION: '3.11' } });
    expect(build.inputs).toEqual(expect.arrayContaining(['!{projectRoot}/secrets/**']));
    expect(build.dependsOn).toEqual(['^build']);
    // the connector beside it keeps what the plugin infers
    expect(show('source-beta').targets['build'].options?.['tag']).toBeUndefined();
  });

  it('adds a target of its own next to the inferred ones, and nx runs it', () => {
    const targets = show('source-alpha').targets;
    expect(Object.keys(targets)).toEqual(expect.arrayContaining(['build', 'integrationTest', 'publish', 'lint', 'hello']));
    expect(workspace.nxOk(['run', 'source-alpha:hello'])).toContain('hello from source-alpha');
  });
});
