import type { ExecutorContext } from '@nx/devkit';
import * as acceptance from '@nx-airbyte/acceptance';
import integrationTestExecutor from './integration-test';

// What the executor hands the acceptance runner; the image step and the suite itself are replaced, so no
// engine is needed (the suite's use of the limit is tested in packages/acceptance).
jest.mock('../../image/project-image', () => ({ ensureProjectImage: jest.fn(async () => ({ image: 'airbyte/source-x:dev' })) }));
jest.mock('@nx-airbyte/acceptance', () => {
  const actual = jest.requireActual('@nx-airbyte/acceptance');
  return {
    ...actual,
    loadAcceptanceConfig: jest.fn(async (file: string) => ({ file, basePath: `${process.cwd()}/workspace/connectors/source-x`, warnings: [] })),
    runAcceptanceTestsWithReports: jest.fn(async () => ({ failed: 0 })),
  };
});

const runner = acceptance.runAcceptanceTestsWithReports as jest.MockedFunction<typeof acceptance.runAcceptanceTestsWithReports>;

function context(): ExecutorContext {
  return {
    root: `${process.cwd()}/workspace`,
    cwd: process.cwd(),
    isVerbose: false,
    projectName: 'source-x',
    projectsConfigurations: { version: 2, projects: { 'source-x': { root: 'connectors/source-x', name: 'source-x' } } },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  } as unknown as ExecutorContext;
}

beforeEach(() => {
  runner.mockClear();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());

describe('the integrationTest executor', () => {
  it('passes memoryLimitMiB to the acceptance runner as each container memory limit in bytes', async () => {
    expect(await integrationTestExecutor({ memoryLimitMiB: 128 }, context())).toEqual({ success: true });
    expect(runner).toHaveBeenCalledTimes(1);
    expect(runner.mock.calls[0][0].containerMemoryLimitBytes).toBe(128 * 1024 * 1024);
  });

  it('sets no limit without the option, as the CLI without --memory-limit', async () => {
    await integrationTestExecutor({}, context());
    expect(runner.mock.calls[0][0]).not.toHaveProperty('containerMemoryLimitBytes');
  });

  it('refuses a limit the engine would not take, naming the option, before running anything', async () => {
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
    expect(await integrationTestExecutor({ memoryLimitMiB: 2 }, context())).toEqual({ success: false });
    expect(errors).toEqual(['error: nx-airbyte integrationTest: option memoryLimitMiB must be a whole number of MiB, at least 6, got 2']);
    expect(runner).not.toHaveBeenCalled();
  });
});
