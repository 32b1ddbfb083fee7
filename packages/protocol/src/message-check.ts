import { MESSAGE_TYPES, PAYLOAD_FIELD, type MessageType } from './messages';

const KNOWN_TYPES = new Set<string>(MESSAGE_TYPES);

/**
 * Says why a parsed JSON value is not an Airbyte message, or returns undefined when it is one.
 * PLACEHOLDER: checks the envelope only; to be replaced by validation against the message schemas.
 */
export function checkMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return "missing the string field 'type'";
  if (!KNOWN_TYPES.has(type)) return `unknown message type '${type}'`;
  const payload = (value as Record<string, unknown>)[PAYLOAD_FIELD[type as MessageType]];
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return `${type} message without an object in '${PAYLOAD_FIELD[type as MessageType]}'`;
  return undefined;
}
