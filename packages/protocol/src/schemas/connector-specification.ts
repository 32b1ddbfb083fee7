import {
  anyObjectSchema,
  booleanSchema,
  enumSchema,
  integerSchema,
  openObjectSchema,
  stringArraySchema,
  stringSchema,
} from './object-schema';
import { destinationSyncModeSchema } from './sync-modes';

const uriSchema = Object.freeze({ type: 'string', format: 'uri' });

const oauthConnectorInputSpecificationSchema = openObjectSchema({
  title: 'OAuthConnectorInputSpecification',
  required: ['consent_url', 'access_token_url'],
  properties: {
    consent_url: stringSchema,
    scope: stringSchema,
    access_token_url: stringSchema,
    access_token_headers: anyObjectSchema,
    access_token_params: anyObjectSchema,
    extract_output: stringArraySchema,
    state: openObjectSchema({ properties: { min: integerSchema, max: integerSchema } }),
    client_id_key: stringSchema,
    client_secret_key: stringSchema,
    scope_key: stringSchema,
    state_key: stringSchema,
    auth_code_key: stringSchema,
    redirect_uri_key: stringSchema,
    token_expiry_key: stringSchema,
  },
});

const oauthConfigSpecificationSchema = openObjectSchema({
  title: 'OAuthConfigSpecification',
  properties: {
    oauth_user_input_from_connector_config_specification: anyObjectSchema,
    oauth_connector_input_specification: oauthConnectorInputSpecificationSchema,
    complete_oauth_output_specification: anyObjectSchema,
    complete_oauth_server_input_specification: anyObjectSchema,
    complete_oauth_server_output_specification: anyObjectSchema,
  },
});

const oauth2SpecificationSchema = openObjectSchema({
  title: 'OAuth2Specification',
  description: 'Deprecated, replaced by advanced_auth.',
  properties: {
    rootObject: { type: 'array', items: { type: ['string', 'integer'] } },
    oauthFlowInitParameters: { type: 'array', items: stringArraySchema },
    oauthFlowOutputParameters: { type: 'array', items: stringArraySchema },
  },
});

/** The SPEC payload; also what `spec` output and spec.json files are checked against. */
export const connectorSpecificationSchema = openObjectSchema({
  title: 'ConnectorSpecification',
  required: ['connectionSpecification'],
  properties: {
    documentationUrl: uriSchema,
    changelogUrl: uriSchema,
    connectionSpecification: { ...anyObjectSchema, description: 'a JSON Schema describing the connector config' },
    supportsIncremental: booleanSchema,
    supportsNormalization: booleanSchema,
    supportsDBT: booleanSchema,
    supported_destination_sync_modes: { type: 'array', items: destinationSyncModeSchema },
    authSpecification: openObjectSchema({
      description: 'Deprecated, replaced by advanced_auth.',
      properties: { auth_type: enumSchema(['oauth2.0']), oauth2Specification: oauth2SpecificationSchema },
    }),
    advanced_auth: openObjectSchema({
      properties: {
        auth_flow_type: enumSchema(['oauth2.0', 'oauth1.0']),
        predicate_key: stringArraySchema,
        predicate_value: stringSchema,
        oauth_config_specification: oauthConfigSpecificationSchema,
      },
    }),
    protocol_version: stringSchema,
  },
});
