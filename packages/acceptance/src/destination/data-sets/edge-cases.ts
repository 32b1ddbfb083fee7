import type { JsonObject } from '@nx-airbyte/protocol';
import { protocolMessages, type DataSet, type DataSetMessage, type DataSetStream } from './data-set';

/*
 * What destinations get wrong: nested objects and arrays (empty ones too), nulls next to absent fields,
 * numbers at the edges of a double, text that looks like numbers or booleans, unicode beyond the BMP,
 * combining marks, right-to-left text, control characters, line breaks, large values, keys with spaces.
 * STREAM and GLOBAL states; one record comes after the last state and must be stored all the same.
 */

const NESTED_OBJECTS: DataSetStream = {
  name: 'nested_objects',
  jsonSchema: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      profile: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' }, geo: { type: 'object', properties: { lat: { type: 'number' }, lon: { type: 'number' } } } } },
        },
      },
      tags: { type: 'array', items: { type: 'string' } },
      scores: { type: 'array', items: { type: 'number' } },
      orders: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, quantity: { type: 'integer' } } } },
      labels: { type: 'object', additionalProperties: true },
      'field with space': { type: ['null', 'string'] },
      CamelCase: { type: ['null', 'integer'] },
    },
  },
  primaryKey: [['id']],
  cursorField: ['id'],
};

const TYPES_AND_NULLS: DataSetStream = {
  name: 'types_and_nulls',
  jsonSchema: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      nullable_text: { type: ['null', 'string'] },
      nullable_number: { type: ['null', 'number'] },
      nullable_object: { type: ['null', 'object'] },
      flag: { type: 'boolean' },
      count: { type: 'integer' },
      amount: { type: 'number' },
      numeric_text: { type: 'string' },
      boolean_text: { type: 'string' },
      empty_text: { type: 'string' },
    },
  },
  primaryKey: [['id']],
  cursorField: ['id'],
};

const UNICODE_TEXT: DataSetStream = {
  name: 'unicode_text',
  jsonSchema: { type: 'object', properties: { id: { type: 'integer' }, language: { type: 'string' }, text: { type: 'string' } } },
  primaryKey: [['id']],
  cursorField: ['id'],
};

const LARGE_VALUES: DataSetStream = {
  name: 'large_values',
  jsonSchema: {
    type: 'object',
    properties: { id: { type: 'integer' }, text: { type: 'string' }, numbers: { type: 'array', items: { type: 'integer' } }, deep: { type: 'object' } },
  },
  primaryKey: [['id']],
  cursorField: ['id'],
};

function nested(depth: number): JsonObject {
  let value: JsonObject = { leaf: `depth ${depth}` };
  for (let level = depth - 1; level >= 1; level--) value = { level, child: value };
  return value;
}

/** 64 KiB of text that is not one repeated character (a destination that compresses or dedups runs must still store it). */
function longText(length: number): string {
  const words = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit', 'ñandú', 'Grüße', '東京'];
  let text = '';
  for (let index = 0; text.length < length; index++) text += `${words[(index * 7) % words.length]} `;
  return text.slice(0, length);
}

const MESSAGES: readonly DataSetMessage[] = [
  {
    stream: 'nested_objects',
    data: {
      id: 1,
      profile: { name: 'Ada', address: { street: '12 St James’s Square', city: 'London', geo: { lat: 51.5074, lon: -0.1278 } } },
      tags: ['mathematician', 'writer'],
      scores: [1, 2.5, -3],
      orders: [{ sku: 'A-1', quantity: 2 }, { sku: 'B-7', quantity: 1 }],
      labels: { 'key with space': 'value', ünïcödé: '✓', nested: { deeper: [1, { x: null }] } },
      'field with space': 'present',
      CamelCase: 7,
    },
  },
  {
    stream: 'nested_objects',
    data: { id: 2, profile: { name: 'Grace', address: { street: '', city: 'Arlington', geo: { lat: 0, lon: 0 } } }, tags: [], scores: [], orders: [], labels: {}, 'field with space': null, CamelCase: null },
  },
  { stream: 'types_and_nulls', data: { id: 1, nullable_text: null, nullable_number: null, nullable_object: null, flag: true, count: 0, amount: 0.1, numeric_text: '123', boolean_text: 'true', empty_text: '' } },
  { stream: 'types_and_nulls', data: { id: 2, nullable_text: 'null', nullable_number: -42.5, nullable_object: { a: 1 }, flag: false, count: 9007199254740991, amount: 1.5e-10, numeric_text: '007', boolean_text: 'false', empty_text: '' } },
  { stream: 'types_and_nulls', data: { id: 3, flag: false, count: -1, amount: 1.7976931348623157e308, numeric_text: '1e3', boolean_text: 'no', empty_text: '' } },
  { state: { type: 'STREAM', stream: { stream_descriptor: { name: 'nested_objects' }, stream_state: { id: 2 } } } },
  { stream: 'unicode_text', data: { id: 1, language: 'de', text: 'Zürich, Straße, Grüße' } },
  { stream: 'unicode_text', data: { id: 2, language: 'ja', text: '東京都 渋谷区' } },
  { stream: 'unicode_text', data: { id: 3, language: 'ar', text: 'مرحبا بالعالم' } },
  { stream: 'unicode_text', data: { id: 4, language: 'emoji', text: '👩‍💻 🎉 🇨🇭 𝄞' } },
  { stream: 'unicode_text', data: { id: 5, language: 'combining', text: 'e\u0301 ≠ é, a\u0308' } },
  { stream: 'unicode_text', data: { id: 6, language: 'control', text: 'tab\there, quote " backslash \\ slash / \u0001\u001f bell\u0007' } },
  { stream: 'unicode_text', data: { id: 7, language: 'line breaks', text: 'one\ntwo\r\nthree\rfour\u2028five\u2029six\n' } },
  { stream: 'large_values', data: { id: 1, text: longText(64 * 1024), numbers: Array.from({ length: 1000 }, (_, index) => index * index), deep: nested(30) } },
  {
    state: {
      type: 'GLOBAL',
      global: {
        shared_state: { lsn: 1234567 },
        stream_states: [
          { stream_descriptor: { name: 'nested_objects' }, stream_state: { id: 2 } },
          { stream_descriptor: { name: 'types_and_nulls' }, stream_state: { id: 3 } },
          { stream_descriptor: { name: 'unicode_text' }, stream_state: { id: 7 } },
          { stream_descriptor: { name: 'large_values' }, stream_state: { id: 1 } },
        ],
      },
    },
  },
  { stream: 'large_values', data: { id: 2, text: '', numbers: [], deep: {} } },
];

export const edgeCases: DataSet = {
  name: 'edge_cases',
  streams: [NESTED_OBJECTS, TYPES_AND_NULLS, UNICODE_TEXT, LARGE_VALUES],
  messages: () => protocolMessages(MESSAGES),
};
