import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { NX_BIN, REPOSITORY_ROOT, TempWorkspace, withoutColours } from './support/temp-workspace';

// `nx g connector` as people type it: the real nx binary in a temporary git workspace, the built plugin
// (packages/nx-plugin/dist, through the workspace's node_modules), the short generator name.
const SEED = 'airbyte-config/init/src/main/resources/seed/source_definitions.yaml';
let workspace: TempWorkspace;

function nx(...args: string[]): { status: number | null; output: string } {
  return workspace.nx(args);
}

function git(...args: string[]): string {
  return workspace.git(...args);
}

beforeAll(() => {
  workspace = TempWorkspace.create('nx-airbyte-generator-', { files: { [SEED]: readFileSync(`${REPOSITORY_ROOT}/${SEED}`, 'utf8') } });
}, 60_000);

afterAll(() => {
  workspace.remove();
});

describe('nx g connector in a workspace', () => {
  it('generates without questions, says what it created and to search for TODO, and the connector is a project at once', () => {
    const { status, output } = nx('g', 'connector', '--template', 'python-source', '--name', 'demo', '--no-interactive');
    expect(status).toBe(0);
    expect(output).toContain('CREATE airbyte-integrations/connectors/source-demo/Dockerfile');
    expect(output).toContain('Created source-demo from the python-source template');
    expect(output).toContain('grep -rn TODO airbyte-integrations/connectors/source-demo');

    const project = JSON.parse(nx('show', 'project', 'source-demo', '--json').output) as { targets: Record<string, unknown> };
    expect(Object.keys(project.targets)).toEqual(expect.arrayContaining(['test', 'build', 'integrationTest']));

    const entries = parseYaml(readFileSync(workspace.path(SEED), 'utf8')) as Array<{ name: string; dockerRepository: string }>;
    expect(entries.map((entry) => entry.dockerRepository)).toEqual(['airbyte/source-faker', 'airbyte/source-sample-orders', 'airbyte/source-demo']);
    // secrets/ exists, with instructions, and git does not see it.
    expect(existsSync(workspace.path('airbyte-integrations/connectors/source-demo/secrets/README.md'))).toBe(true);
    expect(git('status', '--porcelain', '--untracked-files=all')).not.toContain('secrets/');
    git('add', '-A');
    git('commit', '-qm', 'source-demo');
  });

  it('refuses a folder that exists, exits non-zero and changes nothing', () => {
    const { status, output } = nx('g', 'connector', '--template', 'generic-source', '--name', 'demo', '--no-interactive');
    expect(status).not.toBe(0);
    expect(output).toContain('Cannot create source-demo: airbyte-integrations/connectors/source-demo already exists');
    expect(git('status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('refuses a name that is not lowercase letters, digits and dashes, and changes nothing', () => {
    const { status, output } = nx('g', 'connector', '--template', 'generic-source', '--name', 'My_API', '--no-interactive');
    expect(status).not.toBe(0);
    expect(output).toContain("'My_API' is not a valid connector name");
    expect(git('status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('documents every option and template in --help', () => {
    const { status, output } = nx('g', 'connector', '--help');
    expect(status).toBe(0);
    for (const option of ['--template', '--name', '--tap', '--definitionId', '--connectorsDir', '--definitionsDir', '--docsDir']) expect(output).toContain(option);
    for (const template of ['python-http-api-source', 'singer-python-source', 'java-destination', 'typescript-destination']) expect(output).toContain(template);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  (hasScript ? it : it.skip)('asks for the template in a menu, then for the name, in a terminal', async () => {
    const transcript = await answerPrompts([
      { when: 'Which template should the connector start from?', keys: ['\x1b[B', '\x1b[B', '\x1b[B', '\r'] }, // the fourth: Generic Source
      { when: 'Connector name', keys: ['from-menu', '\r'] },
    ]);
    expect(transcript).toContain('Generic Source: any language in a Dockerfile');
    expect(transcript).toContain('Created source-from-menu from the generic-source template');
    expect(existsSync(workspace.path('airbyte-integrations/connectors/source-from-menu/source.sh'))).toBe(true);
  });

  (hasScript ? it : it.skip)('asks for the Singer tap after the name, for singer-python-source only', async () => {
    const transcript = await answerPrompts([
      { when: 'Which template should the connector start from?', keys: ['\x1b[B', '\x1b[B', '\r'] }, // the third: Singer
      { when: 'Connector name', keys: ['shop', '\r'] },
      { when: 'Singer tap package to wrap', keys: ['tap-shopify', '\r'] },
    ]);
    expect(transcript).toContain('Created source-shop from the singer-python-source template');
    expect(workspace.read('airbyte-integrations/connectors/source-shop/source_shop/source.py')).toContain('TAP_CMD = "tap-shopify"');
  });
});

/**
 * Runs `nx g connector` in a pseudo-terminal (util-linux `script`) and, once each question shows, types its
 * answer one key at a time, as a person would.
 */
function answerPrompts(answers: Array<{ when: string; keys: string[] }>): Promise<string> {
  const plain = withoutColours;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `stty cols 160 rows 50; ${NX_BIN} g connector`, '/dev/null'], { cwd: workspace.root, env: workspace.env() });
    let transcript = '';
    let next = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no answer to ${JSON.stringify(answers[next]?.when)} in time; transcript:\n${plain(transcript)}`));
    }, 90_000);
    const type = (keys: string[]) => keys.forEach((key, index) => setTimeout(() => child.stdin.write(key), 200 * (index + 1)));
    child.stdout.on('data', (chunk: Buffer) => {
      transcript += chunk.toString('utf8');
      if (next < answers.length && plain(transcript).includes(answers[next].when)) type(answers[next++].keys);
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(plain(transcript));
    });
  });
}
