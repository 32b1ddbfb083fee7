import type { ExecutorContext } from '@nx/devkit';
import publishExecutor, { publishRegistry, PublishSettingsError, registryCredentials } from './publish';

describe('publish settings', () => {
  it('takes the registry from the option first, else from NX_AIRBYTE_REGISTRY', () => {
    expect(publishRegistry('127.0.0.1:5001', { NX_AIRBYTE_REGISTRY: '127.0.0.1:5000' }).name).toBe('127.0.0.1:5001');
    expect(publishRegistry(undefined, { NX_AIRBYTE_REGISTRY: 'ghcr.io/my-org' }).name).toBe('ghcr.io/my-org');
  });

  it('refuses no registry and a malformed one, saying where it came from', () => {
    expect(() => publishRegistry(undefined, {})).toThrow(PublishSettingsError);
    expect(() => publishRegistry(' ', {})).toThrow(/no registry to publish to: pass --registry=<host\[:port\]\[\/namespace\]> or set NX_AIRBYTE_REGISTRY/);
    expect(() => publishRegistry(undefined, { NX_AIRBYTE_REGISTRY: 'not a registry' })).toThrow(/^NX_AIRBYTE_REGISTRY: "not a registry" is not host\[:port\]\[\/namespace\]/);
  });

  it('reads the account from the environment: both variables or neither', () => {
    expect(registryCredentials({})).toBeUndefined();
    expect(registryCredentials({ NX_AIRBYTE_REGISTRY_USER: 'ci', NX_AIRBYTE_REGISTRY_PASSWORD: 'pw-canary' })).toEqual({ username: 'ci', password: 'pw-canary' });
    expect(() => registryCredentials({ NX_AIRBYTE_REGISTRY_USER: 'ci' })).toThrow('NX_AIRBYTE_REGISTRY_USER is set but NX_AIRBYTE_REGISTRY_PASSWORD is not');
    expect(() => registryCredentials({ NX_AIRBYTE_REGISTRY_PASSWORD: 'pw-canary' })).toThrow(/^NX_AIRBYTE_REGISTRY_PASSWORD is set but NX_AIRBYTE_REGISTRY_USER is not/);
  });
});

describe('the publish executor', () => {
  const context = { root: '/nowhere', projectName: 'source-x', projectsConfigurations: { projects: { 'source-x': { root: 'connectors/source-x' } } } } as unknown as ExecutorContext;
  const saved = { ...process.env };
  let errors: string[];

  beforeEach(() => {
    errors = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    delete process.env['NX_AIRBYTE_REGISTRY'];
  });

  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it('fails with one clear line, no stack, when no registry is given', async () => {
    expect(await publishExecutor({}, context)).toEqual({ success: false });
    expect(errors).toEqual([expect.stringMatching(/^error: no registry to publish to/)]);
    expect(errors[0]).not.toMatch(/\n\s+at /);
  });

  it('never prints the registry password, even in an error that contains it', async () => {
    process.env['NX_AIRBYTE_REGISTRY_USER'] = 'ci';
    process.env['NX_AIRBYTE_REGISTRY_PASSWORD'] = 'pw canary 5e1f';
    expect(await publishExecutor({ registry: 'pw canary 5e1f' }, context)).toEqual({ success: false });
    expect(errors.join('\n')).toContain('**********');
    expect(errors.join('\n')).not.toContain('pw canary 5e1f');
  });
});
