import type { ConnectorSpecification, JsonSchema } from '@nx-airbyte/protocol';
import { stripeLikeConfig, stripeLikeSpec } from '../../../test/fixtures/checks/catalog-fixtures';
import { checkSpecAdditionalPropertiesIsTrue } from './additional-properties';
import { checkConfigMatchesSpec } from './config-matches-spec';
import { checkSpecRefsResolved } from './defined-refs';
import { checkDockerEnv } from './docker-env';
import { checkOAuthFlowParameters } from './oauth-flow-parameters';
import { checkOneOfUsage } from './oneof-usage';
import { checkSecretsMarked } from './secret-marking';
import { checkSpecMatchesExpected } from './spec-matches-expected';

function properties(spec: ConnectorSpecification): Record<string, JsonSchema> {
  return spec.connectionSpecification.properties as Record<string, JsonSchema>;
}

function credentialVariants(spec: ConnectorSpecification): Array<{ properties: Record<string, JsonSchema> } & JsonSchema> {
  return properties(spec).credentials.oneOf as Array<{ properties: Record<string, JsonSchema> } & JsonSchema>;
}

describe('test_config_match_spec', () => {
  it('passes a config that matches the spec, ignoring _-prefixed keys', () => {
    expect(checkConfigMatchesSpec(stripeLikeSpec(), stripeLikeConfig())).toEqual([]);
  });

  it('fails a config with a wrong format, pointing at the field', () => {
    const failures = checkConfigMatchesSpec(stripeLikeSpec(), { ...stripeLikeConfig(), start_date: '2020-13-45T00:00:00Z' });
    expect(failures).toEqual([expect.objectContaining({ pointer: '/start_date', message: 'config /start_date must match format "date-time"' })]);
  });

  it('fails a config missing a required field', () => {
    const { account_id: _dropped, ...config } = stripeLikeConfig();
    expect(checkConfigMatchesSpec(stripeLikeSpec(), config).map((failure) => failure.message)).toEqual(["config (root) must have required property 'account_id'"]);
  });
});

describe('test_match_expected', () => {
  it('passes when the live spec equals the file', () => {
    expect(checkSpecMatchesExpected(stripeLikeSpec(), stripeLikeSpec())).toEqual([]);
  });

  it('lists each path where the live spec differs, expected vs actual', () => {
    const live = stripeLikeSpec();
    properties(live).lookback_window_days.default = 7;
    delete properties(live).slice_range;
    expect(checkSpecMatchesExpected(live, stripeLikeSpec())).toEqual([
      expect.objectContaining({ pointer: '/connectionSpecification/properties/lookback_window_days/default', expected: 0, actual: 7 }),
      expect.objectContaining({ pointer: '/connectionSpecification/properties/slice_range', message: expect.stringContaining('missing from the live spec') }),
    ]);
  });
});

describe('test_docker_env', () => {
  it('passes when AIRBYTE_ENTRYPOINT equals the space-joined ENTRYPOINT', () => {
    expect(checkDockerEnv({ entrypoint: ['python', '/airbyte/integration_code/main.py'], env: ['PATH=/usr/bin', 'AIRBYTE_ENTRYPOINT=python /airbyte/integration_code/main.py'] })).toEqual([]);
  });

  it('fails when AIRBYTE_ENTRYPOINT is not set', () => {
    expect(checkDockerEnv({ entrypoint: ['node', '/app/main.js'], env: ['PATH=/usr/bin'] })).toEqual([expect.objectContaining({ message: expect.stringContaining('AIRBYTE_ENTRYPOINT must be set'), expected: 'node /app/main.js' })]);
  });

  it('fails when AIRBYTE_ENTRYPOINT differs from the ENTRYPOINT', () => {
    expect(checkDockerEnv({ entrypoint: ['node', '/app/main.js'], env: ['AIRBYTE_ENTRYPOINT=node /app/index.js'] })).toEqual([
      expect.objectContaining({ expected: 'node /app/main.js', actual: 'node /app/index.js' }),
    ]);
  });
});

describe('test_oneof_usage', () => {
  it('passes oneOf variants told apart by one const property', () => {
    expect(checkOneOfUsage(stripeLikeSpec())).toEqual([]);
  });

  it('allows a default or enum that repeats the const', () => {
    const spec = stripeLikeSpec();
    Object.assign(credentialVariants(spec)[1].properties.auth_type, { default: 'api_key', enum: ['api_key'] });
    expect(checkOneOfUsage(spec)).toEqual([]);
  });

  it('fails a default that differs from the const', () => {
    const spec = stripeLikeSpec();
    credentialVariants(spec)[1].properties.auth_type.default = 'oauth2.0';
    expect(checkOneOfUsage(spec)).toEqual([
      expect.objectContaining({ pointer: '/connectionSpecification/properties/credentials/oneOf/1/properties/auth_type/default', expected: 'api_key', actual: 'oauth2.0' }),
    ]);
  });

  it('fails variants without a common const property', () => {
    const spec = stripeLikeSpec();
    delete credentialVariants(spec)[0].properties.auth_type.const;
    expect(checkOneOfUsage(spec)).toEqual([expect.objectContaining({ message: expect.stringContaining('exactly one common property'), actual: 0 })]);
  });

  it('fails a oneOf whose parent is not type object', () => {
    const spec = stripeLikeSpec();
    properties(spec).credentials.type = 'string';
    expect(checkOneOfUsage(spec)).toEqual([expect.objectContaining({ pointer: '/connectionSpecification/properties/credentials', expected: 'object', actual: 'string' })]);
  });
});

describe('test_defined_refs_exist_in_json_spec_file', () => {
  it('passes a spec without $ref', () => {
    expect(checkSpecRefsResolved(stripeLikeSpec())).toEqual([]);
  });

  it('fails on a $ref, with its pointer', () => {
    const spec = stripeLikeSpec();
    properties(spec).account_id = { $ref: '#/definitions/account' };
    expect(checkSpecRefsResolved(spec)).toEqual([expect.objectContaining({ pointer: '/connectionSpecification/properties/account_id/$ref', actual: '#/definitions/account' })]);
  });

  it('treats a property named $ref as a property, not a reference', () => {
    const spec = stripeLikeSpec();
    properties(spec).$ref = { type: 'string' };
    expect(checkSpecRefsResolved(spec)).toEqual([]);
  });
});

describe('test_oauth_flow_parameters', () => {
  it('passes when advanced_auth paths exist in the spec', () => {
    expect(checkOAuthFlowParameters(stripeLikeSpec())).toEqual([]);
  });

  it('fails an advanced_auth output path the spec does not declare', () => {
    const spec = stripeLikeSpec();
    const output = spec.advanced_auth?.oauth_config_specification?.complete_oauth_output_specification as { properties: Record<string, JsonSchema> };
    output.properties.refresh_token.path_in_connector_config = ['credentials', 'refresh'];
    expect(checkOAuthFlowParameters(spec)).toEqual([expect.objectContaining({ message: expect.stringContaining("'credentials.refresh'"), actual: ['credentials', 'refresh'] })]);
  });

  it('fails a predicate_key the spec does not declare', () => {
    const spec = stripeLikeSpec();
    if (spec.advanced_auth) spec.advanced_auth.predicate_key = ['credentials', 'auth_method'];
    expect(checkOAuthFlowParameters(spec)).toEqual([expect.objectContaining({ pointer: '/advanced_auth/predicate_key' })]);
  });

  it('checks the deprecated authSpecification against a oneOf variant named by rootObject', () => {
    const spec = stripeLikeSpec();
    spec.authSpecification = { auth_type: 'oauth2.0', oauth2Specification: { rootObject: ['credentials', 0], oauthFlowInitParameters: [['client_id'], ['client_secret']], oauthFlowOutputParameters: [['access_token']] } };
    expect(checkOAuthFlowParameters(spec)).toEqual([expect.objectContaining({ pointer: '/authSpecification/oauth2Specification/oauthFlowOutputParameters/0', message: expect.stringContaining("'credentials.0.access_token'") })]);
  });
});

describe('test_additional_properties_is_true (spec)', () => {
  it('passes additionalProperties: true', () => {
    expect(checkSpecAdditionalPropertiesIsTrue(stripeLikeSpec())).toEqual([]);
  });

  it('fails additionalProperties: false on a nested object', () => {
    const spec = stripeLikeSpec();
    credentialVariants(spec)[0].additionalProperties = false;
    expect(checkSpecAdditionalPropertiesIsTrue(spec)).toEqual([expect.objectContaining({ pointer: '/connectionSpecification/properties/credentials/oneOf/0/additionalProperties', expected: true, actual: false })]);
  });
});

describe('test_secret_is_properly_marked', () => {
  it('passes when secret-named fields are airbyte_secret', () => {
    expect(checkSecretsMarked(stripeLikeSpec())).toEqual([]);
  });

  it('fails a secret-named string field that is not airbyte_secret', () => {
    const spec = stripeLikeSpec();
    delete credentialVariants(spec)[0].properties.refresh_token.airbyte_secret;
    expect(checkSecretsMarked(spec)).toEqual([expect.objectContaining({ pointer: '/connectionSpecification/properties/credentials/oneOf/0/properties/refresh_token', expected: true, actual: false })]);
  });

  it('fails a boolean field marked airbyte_secret', () => {
    const spec = stripeLikeSpec();
    properties(spec).token = { type: 'boolean', airbyte_secret: true };
    expect(checkSecretsMarked(spec)).toEqual([expect.objectContaining({ pointer: '/connectionSpecification/properties/token', message: expect.stringContaining('cannot hold a secret') })]);
  });

  it('does not ask a const field named like a secret to be marked', () => {
    const spec = stripeLikeSpec();
    properties(spec).key = { type: 'string', const: 'fixed' };
    expect(checkSecretsMarked(spec)).toEqual([]);
  });
});
