import type { JsonObject } from '@nx-airbyte/protocol';
import { ARRAY_ITEMS, hasFieldPath, hasNonNullValueAt, schemaFieldPaths } from './schema-fields';

describe('schemaFieldPaths', () => {
  it('lists leaf paths through properties and array items', () => {
    const schema = {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        tags: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        meta: { type: ['null', 'object'] },
      },
    };
    expect(schemaFieldPaths(schema)).toEqual([['id'], ['tags', ARRAY_ITEMS, 'name'], ['meta']]);
  });
});

describe('hasFieldPath', () => {
  const record: JsonObject = { id: 1, empty: null, address: { city: 'Oslo' }, tags: [{ name: 'a' }, { other: 1 }], list: [] };

  it('finds a top-level field, even with a null value', () => {
    expect(hasFieldPath(record, ['id'])).toBe(true);
    expect(hasFieldPath(record, ['empty'])).toBe(true);
  });

  it('finds a nested field and says no when a step is missing or not an object', () => {
    expect(hasFieldPath(record, ['address', 'city'])).toBe(true);
    expect(hasFieldPath(record, ['address', 'zip'])).toBe(false);
    expect(hasFieldPath(record, ['id', 'value'])).toBe(false);
    expect(hasFieldPath(record, ['missing'])).toBe(false);
  });

  it('steps into every array element for []', () => {
    expect(hasFieldPath(record, ['tags', ARRAY_ITEMS, 'name'])).toBe(true);
    expect(hasFieldPath(record, ['tags', ARRAY_ITEMS, 'other'])).toBe(true);
    expect(hasFieldPath(record, ['tags', ARRAY_ITEMS, 'absent'])).toBe(false);
    expect(hasFieldPath(record, ['list', ARRAY_ITEMS])).toBe(false);
    expect(hasFieldPath(record, ['address', ARRAY_ITEMS])).toBe(false);
  });

  it('does not take inherited properties for fields', () => {
    expect(hasFieldPath({}, ['toString'])).toBe(false);
  });
});

describe('hasNonNullValueAt', () => {
  it('needs a value other than null at the path', () => {
    expect(hasNonNullValueAt({ a: null }, ['a'])).toBe(false);
    expect(hasNonNullValueAt({ a: 0 }, ['a'])).toBe(true);
  });

  it('is satisfied by any array element with a non-null value', () => {
    expect(hasNonNullValueAt({ items: [{ v: null }, { v: 'x' }] }, ['items', ARRAY_ITEMS, 'v'])).toBe(true);
    expect(hasNonNullValueAt({ items: [{ v: null }, {}] }, ['items', ARRAY_ITEMS, 'v'])).toBe(false);
  });
});
