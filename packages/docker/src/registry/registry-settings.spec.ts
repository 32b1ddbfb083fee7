import { registryCredentialsFromEnvironment, registryFromEnvironment, RegistrySettingsError } from './registry-settings';

describe('registryFromEnvironment', () => {
  it('takes the option over NX_AIRBYTE_REGISTRY, and is undefined when neither names a registry', () => {
    expect(registryFromEnvironment('127.0.0.1:5001', { NX_AIRBYTE_REGISTRY: '127.0.0.1:5000' })?.registry.name).toBe('127.0.0.1:5001');
    expect(registryFromEnvironment(undefined, { NX_AIRBYTE_REGISTRY: 'ghcr.io/my-org' })?.registry.name).toBe('ghcr.io/my-org');
    expect(registryFromEnvironment(' ', {})).toBeUndefined();
  });

  it('reads the account with it', () => {
    expect(registryFromEnvironment(undefined, { NX_AIRBYTE_REGISTRY: '127.0.0.1:5000', NX_AIRBYTE_REGISTRY_USER: 'ci', NX_AIRBYTE_REGISTRY_PASSWORD: 'pw' })?.credentials).toEqual({ username: 'ci', password: 'pw' });
  });

  it('refuses a malformed address, naming where it came from', () => {
    expect(() => registryFromEnvironment('not a registry', {})).toThrow(RegistrySettingsError);
    expect(() => registryFromEnvironment('not a registry', {})).toThrow(/^--registry: "not a registry" is not host\[:port\]\[\/namespace\]/);
    expect(() => registryFromEnvironment(undefined, { NX_AIRBYTE_REGISTRY: 'a b' })).toThrow(/^NX_AIRBYTE_REGISTRY: /);
    expect(() => registryFromEnvironment('x y', {}, 'the registry option')).toThrow(/^the registry option: /);
  });
});

describe('registryCredentialsFromEnvironment', () => {
  it('needs both variables or neither, and never says the password', () => {
    expect(registryCredentialsFromEnvironment({})).toBeUndefined();
    expect(() => registryCredentialsFromEnvironment({ NX_AIRBYTE_REGISTRY_PASSWORD: 'canary-pw-1' })).toThrow('NX_AIRBYTE_REGISTRY_PASSWORD is set but NX_AIRBYTE_REGISTRY_USER is not');
    try {
      registryCredentialsFromEnvironment({ NX_AIRBYTE_REGISTRY_PASSWORD: 'canary-pw-1' });
    } catch (error) {
      expect((error as Error).message).not.toContain('canary-pw-1');
    }
  });

  it('reads other variable names, for the image cache', () => {
    expect(registryCredentialsFromEnvironment({ A_USER: 'u', A_PASSWORD: 'p' }, { user: 'A_USER', password: 'A_PASSWORD' })).toEqual({ username: 'u', password: 'p' });
  });
});
