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

export interface AirbyteRecordMessage extends Open {
  stream: string;
  namespace?: string;
  data: JsonObject;
  /** Epoch milliseconds. */
  emitted_at: number;
  meta?: { changes?: Array<{ field: string; change: RecordChangeType; reason: string }> } & Open;
  file_reference?: { staging_file_url?: string; source_file_relative_path?: string; file_size_bytes?: number } & Open;
}

export type StateType = 'LEGACY' | 'STREAM' | 'GLOBAL';

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

/** All fields optional: a state without `type` is LEGACY, with its blob in `data`. */
export interface AirbyteStateMessage extends Open {
  type?: StateType;
  stream?: AirbyteStreamState;
  global?: AirbyteGlobalState;
  data?: JsonObject | null;
  sourceStats?: AirbyteStateStats;
  destinationStats?: AirbyteStateStats;
}

export type LogLevel = 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';

export interface AirbyteLogMessage extends Open {
  level: LogLevel;
  message: string;
  stack_trace?: string;
}

export type AuthFlowType = 'oauth2.0' | 'oauth1.0';
export type DestinationSyncMode = 'append' | 'overwrite' | 'append_dedup' | 'overwrite_dedup' | 'update' | 'soft_delete';
export type SyncMode = 'full_refresh' | 'incremental';

export interface OAuthConfigSpecification extends Open {
  oauth_user_input_from_connector_config_specification?: JsonSchema;
  complete_oauth_output_specification?: JsonSchema;
  complete_oauth_server_input_specification?: JsonSchema;
  complete_oauth_server_output_specification?: JsonSchema;
  oauth_connector_input_specification?: JsonSchema;
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

export type ConnectionStatus = 'SUCCEEDED' | 'FAILED';

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
  generation_id?: number;
  minimum_generation_id?: number;
  sync_id?: number;
}

export interface ConfiguredAirbyteCatalog extends Open {
  streams: ConfiguredAirbyteStream[];
}

export type TraceType = 'ERROR' | 'ESTIMATE' | 'STREAM_STATUS' | 'ANALYTICS';
export type FailureType = 'system_error' | 'config_error' | 'transient_error';
export type StreamStatus = 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE';

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
  row_estimate?: number;
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
  emitted_at: number;
  connectorConfig?: { config: JsonObject } & Open;
}

export interface DestinationCatalog extends Open {
  operations: Array<{ object_name: string; sync_mode: string; json_schema: JsonSchema; matching_keys?: string[][] } & Open>;
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
