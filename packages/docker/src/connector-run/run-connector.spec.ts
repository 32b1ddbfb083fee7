import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDockerClient } from '../engine-client';
import { DockerUnavailableError, InvalidOptionError } from '../errors';
import { runCommandInContainer } from './run-command';
import { createRunId, runConnector } from './run-connector';

// No engine listens here: these tests prove what runConnector checks before it talks to Docker.
const noEngine = createDockerClient({ host: `unix://${path.join(tmpdir(), `nx-airbyte-no-engine-${process.pid}.sock`)}` });

describe('runConnector before it reaches the engine', () => {
  it('rejects stdin for a command other than write', async () => {
    await expect(runConnector(noEngine, { image: 'a:b', command: 'read', config: {}, catalog: {}, stdin: [] })).rejects.toThrow(new InvalidOptionError('runConnector', 'stdin', 'is only for "write", not "read"'));
  });

  it('rejects a missing config for check', async () => {
    await expect(runConnector(noEngine, { image: 'a:b', command: 'check' })).rejects.toThrow('option "config" is required for "check"');
  });

  it('rejects an image reference with spaces', async () => {
    await expect(runConnector(noEngine, { image: 'a b', command: 'spec' })).rejects.toThrow('option "image" must be an image reference');
  });

  it('rejects a timeout that is not a positive number', async () => {
    await expect(runConnector(noEngine, { image: 'a:b', command: 'spec', timeoutMs: 0 })).rejects.toThrow('option "timeoutMs" must be a positive number');
  });

  it('rejects an orphan age threshold that is not 0 or more milliseconds', async () => {
    await expect(runConnector(noEngine, { image: 'a:b', command: 'spec', reapOrphansOlderThanMs: -1 })).rejects.toThrow('option "reapOrphansOlderThanMs" must be a number of milliseconds, 0 or more');
  });

  it('rejects a mount that is not an absolute host directory', async () => {
    await expect(runConnector(noEngine, { image: 'a:b', command: 'spec', mounts: [{ hostPath: 'relative/dir', containerPath: '/local' }] })).rejects.toThrow(
      'option "mounts[0]" hostPath must be an absolute path without ":", got "relative/dir"',
    );
    await expect(runConnector(noEngine, { image: 'a:b', command: 'spec', mounts: [{ hostPath: tmpdir(), containerPath: 'local' }] })).rejects.toThrow('containerPath must be an absolute path');
  });

  it('says that no engine answered, naming the address', async () => {
    const failure = runConnector(noEngine, { image: 'a:b', command: 'spec' });
    await expect(failure).rejects.toBeInstanceOf(DockerUnavailableError);
    await expect(failure).rejects.toThrow(`No Docker engine answered at ${noEngine.address} while pinging the engine`);
  });
});

describe('createRunId', () => {
  it('gives a different id each time, with the prefix', () => {
    const first = createRunId('suite');
    expect(first).toMatch(/^suite-[0-9a-z]+-[0-9a-f]{8}$/);
    expect(createRunId('suite')).not.toBe(first);
  });
});

describe('runCommandInContainer before it reaches the engine', () => {
  it('rejects an empty command', async () => {
    await expect(runCommandInContainer(noEngine, { image: 'a:b', command: [] })).rejects.toThrow('option "command" must be a non-empty list of strings');
  });

  it('rejects a file path that is not absolute', async () => {
    await expect(runCommandInContainer(noEngine, { image: 'a:b', command: ['true'], files: [{ path: 'data/x', contents: '' }] })).rejects.toThrow('option "files[0]" path must be an absolute file path');
  });
});
