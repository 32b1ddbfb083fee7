/**
 * Types of the Airbyte protocol (v0, as of protocol 0.18). Every object allows unknown fields,
 * as the protocol does (`additionalProperties: true` everywhere), hence the index signatures.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A JSON Schema, as connectors declare them (draft-07 plus Airbyte's own keywords). */
export type JsonSchema = { [key: string]: unknown };

interface Open {
  [extra: string]: unknown;
}

export const MESSAGE_TYPES = ['RECORD', 'STATE', 'LOG', 'SPEC', 'CONNECTION_STATUS', 'CATALOG', 'TRACE', 'CONTROL', 'DESTINATION_CATALOG'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** The payload field that goes with each message type (note the camelCase `connectionStatus`). */
export const PAYLOAD_FIELD: Record<MessageType, string> = {
  RECORD: 'record',
  STATE: 'state',
  LOG: 'log',
  SPEC: 'spec',
  CONNECTION_STATUS: 'connectionStatus',
  CATALOG: 'catalog',
  TRACE: 'trace',
  CONTROL: 'control',
  DESTINATION_CATALOG: 'destination_catalog',
};

export interface StreamDescriptor extends Open {
  name: string;
  namespace?: string;
}

export type RecordChangeType = 'NULLED' | 'TRUNCATED';

export const RECORD_CHANGE_REASONS = [
  'SOURCE_RECORD_SIZE_LIMITATION',
  'DESTINATION_RECORD_SIZE_LIMITATION',
  'PLATFORM_RECORD_SIZE_LIMITATION',
  'SOURCE_FIELD_SIZE_LIMITATION',
  'DESTINATION_FIELD_SIZE_LIMITATION',
  'PLATFORM_FIELD_SIZE_LIMITATION',
  'SOURCE_SERIALIZATION_ERROR',
  'DESTINATION_SERIALIZATION_ERROR',
  'PLATFORM_SERIALIZATION_ERROR',
  'SOURCE_RETRIEVAL_ERROR',
  'DESTINATION_TYPECAST_ERROR',
] as const;
export type RecordChangeReason = (typeof RECORD_CHANGE_REASONS)[number];

export interface AirbyteRecordMessage extends Open {
  stream: string;
  namespace?: string;
  data: JsonObject;
  /** Epoch milliseconds. */
  emitted_at: number;
  meta?: { changes?: Array<{ field: string; change: RecordChangeType; reason: RecordChangeReason } & Open> } & Open;
  file_reference?: { staging_file_url?: string; source_file_relative_path?: string; file_size_bytes?: number } & Open;
}

export const STATE_TYPES = ['LEGACY', 'STREAM', 'GLOBAL'] as const;
export type StateType = (typeof STATE_TYPES)[number];

export interface AirbyteStreamState extends Open {
  stream_descriptor: StreamDescriptor;
  stream_state?: JsonObject | null;
}

export interface AirbyteGlobalState extends Open {
  shared_state?: JsonObject | null;
  stream_states: AirbyteStreamState[];
}

export interface AirbyteStateStats extends Open {
  recordCount?: number;
  rejectedRecordCount?: number;
}

/**
 * A state without `type` is LEGACY, with its blob in `data`. The protocol schema requires no field;
 * our schemas require `stream` for a STREAM state and `global` for a GLOBAL one. A null blob
 * (`data`, `stream_state`, `shared_state`) means "reset", as the protocol documentation says.
 */
export interface AirbyteStateMessage extends Open {
  type?: StateType;
  stream?: AirbyteStreamState;
  global?: AirbyteGlobalState;
  data?: JsonObject | null;
  sourceStats?: AirbyteStateStats;
  destinationStats?: AirbyteStateStats;
}

export const LOG_LEVELS = ['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AirbyteLogMessage extends Open {
  level: LogLevel;
  message: string;
  stack_trace?: string;
}

export type AuthFlowType = 'oauth2.0' | 'oauth1.0';
/**
 * Every destination sync mode the protocol has had: the Gradle era's three, `overwrite_dedup`
 * (2024, since dropped from the schema) and the 2025 data-activation modes `update`, `soft_delete`.
 */
export const DESTINATION_SYNC_MODES = ['append', 'overwrite', 'append_dedup', 'overwrite_dedup', 'update', 'soft_delete'] as const;
export type DestinationSyncMode = (typeof DESTINATION_SYNC_MODES)[number];
export const SYNC_MODES = ['full_refresh', 'incremental'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

/** How the platform runs a connector's OAuth flow itself (protocol 0.14.0). Not a JSON Schema. */
export interface OAuthConnectorInputSpecification extends Open {
  consent_url: string;
  access_token_url: string;
  scope?: string;
  access_token_headers?: JsonObject;
  access_token_params?: JsonObject;
  extract_output?: string[];
  state?: { min?: number; max?: number } & Open;
  client_id_key?: string;
  client_secret_key?: string;
  scope_key?: string;
  state_key?: string;
  auth_code_key?: string;
  redirect_uri_key?: string;
  token_expiry_key?: string;
}

export interface OAuthConfigSpecification extends Open {
  oauth_user_input_from_connector_config_specification?: JsonSchema;
  complete_oauth_output_specification?: JsonSchema;
  complete_oauth_server_input_specification?: JsonSchema;
  complete_oauth_server_output_specification?: JsonSchema;
  oauth_connector_input_specification?: OAuthConnectorInputSpecification;
}

export interface AdvancedAuth extends Open {
  auth_flow_type?: AuthFlowType;
  predicate_key?: string[];
  predicate_value?: string;
  oauth_config_specification?: OAuthConfigSpecification;
}

/** Deprecated `authSpecification` (before `advanced_auth`). */
export interface AuthSpecification extends Open {
  auth_type?: 'oauth2.0';
  oauth2Specification?: {
    rootObject?: Array<string | number>;
    oauthFlowInitParameters?: string[][];
    oauthFlowOutputParameters?: string[][];
  } & Open;
}

export interface ConnectorSpecification extends Open {
  protocol_version?: string;
  documentationUrl?: string;
  changelogUrl?: string;
  connectionSpecification: JsonSchema;
  supportsIncremental?: boolean;
  supportsNormalization?: boolean;
  supportsDBT?: boolean;
  supported_destination_sync_modes?: DestinationSyncMode[];
  authSpecification?: AuthSpecification;
  advanced_auth?: AdvancedAuth;
}

export const CONNECTION_STATUSES = ['SUCCEEDED', 'FAILED'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export interface AirbyteConnectionStatus extends Open {
  status: ConnectionStatus;
  message?: string;
}

export interface AirbyteStream extends Open {
  name: string;
  json_schema: JsonSchema;
  supported_sync_modes: SyncMode[];
  source_defined_cursor?: boolean;
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
  namespace?: string;
  is_resumable?: boolean;
  is_file_based?: boolean;
}

export interface AirbyteCatalog extends Open {
  streams: AirbyteStream[];
}

export interface ConfiguredAirbyteStream extends Open {
  stream: AirbyteStream;
  sync_mode: SyncMode;
  destination_sync_mode: DestinationSyncMode;
  cursor_field?: string[];
  primary_key?: string[][];
  destination_object_name?: string;
  generation_id?: number;
  minimum_generation_id?: number;
  sync_id?: number;
  include_files?: boolean;
}

export interface ConfiguredAirbyteCatalog extends Open {
  streams: ConfiguredAirbyteStream[];
}

export const TRACE_TYPES = ['ERROR', 'ESTIMATE', 'STREAM_STATUS', 'ANALYTICS'] as const;
export type TraceType = (typeof TRACE_TYPES)[number];
export const FAILURE_TYPES = ['system_error', 'config_error', 'transient_error'] as const;
export type FailureType = (typeof FAILURE_TYPES)[number];
export const STREAM_STATUSES = ['STARTED', 'RUNNING', 'COMPLETE', 'INCOMPLETE'] as const;
export type StreamStatus = (typeof STREAM_STATUSES)[number];

export interface AirbyteErrorTraceMessage extends Open {
  message: string;
  internal_message?: string;
  stack_trace?: string;
  failure_type?: FailureType;
  stream_descriptor?: StreamDescriptor;
}

export interface AirbyteEstimateTraceMessage extends Open {
  name: string;
  type: 'STREAM' | 'SYNC';
  namespace?: string;
  /** Integer. */
  row_estimate?: number;
  /** Integer. */
  byte_estimate?: number;
}

export interface AirbyteStreamStatusTraceMessage extends Open {
  stream_descriptor: StreamDescriptor;
  status: StreamStatus;
  reasons?: Array<{ type: 'RATE_LIMITED'; rate_limited?: { quota_reset?: number } & Open } & Open>;
}

export interface AirbyteAnalyticsTraceMessage extends Open {
  type: string;
  value?: string;
}

/** The payload named after `type` (`error`, `estimate`, `stream_status`, `analytics`) is required. */
export interface AirbyteTraceMessage extends Open {
  type: TraceType;
  /** Epoch milliseconds (a number in the schema, not an integer). */
  emitted_at: number;
  error?: AirbyteErrorTraceMessage;
  estimate?: AirbyteEstimateTraceMessage;
  stream_status?: AirbyteStreamStatusTraceMessage;
  analytics?: AirbyteAnalyticsTraceMessage;
}

export interface AirbyteControlMessage extends Open {
  type: 'CONNECTOR_CONFIG';
  /** Epoch milliseconds (a number in the schema). */
  emitted_at: number;
  /** Optional in the protocol schema, required by ours: without it the message says nothing. */
  connectorConfig: { config: JsonObject } & Open;
}

export interface DestinationCatalog extends Open {
  operations: Array<{ object_name: string; sync_mode: DestinationSyncMode; json_schema: JsonSchema; matching_keys?: string[][] } & Open>;
}

export type AirbyteRecord = { type: 'RECORD'; record: AirbyteRecordMessage } & Open;
export type AirbyteState = { type: 'STATE'; state: AirbyteStateMessage } & Open;
export type AirbyteLog = { type: 'LOG'; log: AirbyteLogMessage } & Open;
export type AirbyteSpec = { type: 'SPEC'; spec: ConnectorSpecification } & Open;
export type AirbyteConnectionStatusMessage = { type: 'CONNECTION_STATUS'; connectionStatus: AirbyteConnectionStatus } & Open;
export type AirbyteCatalogMessage = { type: 'CATALOG'; catalog: AirbyteCatalog } & Open;
export type AirbyteTrace = { type: 'TRACE'; trace: AirbyteTraceMessage } & Open;
export type AirbyteControl = { type: 'CONTROL'; control: AirbyteControlMessage } & Open;
export type AirbyteDestinationCatalog = { type: 'DESTINATION_CATALOG'; destination_catalog: DestinationCatalog } & Open;

/** One line of connector output, discriminated by `type`. */
export type AirbyteMessage =
  | AirbyteRecord
  | AirbyteState
  | AirbyteLog
  | AirbyteSpec
  | AirbyteConnectionStatusMessage
  | AirbyteCatalogMessage
  | AirbyteTrace
  | AirbyteControl
  | AirbyteDestinationCatalog;
