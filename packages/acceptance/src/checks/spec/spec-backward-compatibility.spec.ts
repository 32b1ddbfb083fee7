import type { ConnectorSpecification, JsonSchema } from '@nx-airbyte/protocol';
import { stripeLikeSpec } from '../../../test/fixtures/checks/catalog-fixtures';
import { checkSpecBackwardCompatibility } from './spec-backward-compatibility';

function properties(spec: ConnectorSpecification): Record<string, JsonSchema> {
  return spec.connectionSpecification.properties as Record<string, JsonSchema>;
}

describe('test_backward_compatibility (spec)', () => {
  it('passes an unchanged spec', () => {
    expect(checkSpecBackwardCompatibility(stripeLikeSpec(), stripeLikeSpec())).toEqual([]);
  });

  it('passes a new optional property and a widened type', () => {
    const current = stripeLikeSpec();
    properties(current).include_deleted = { type: 'boolean', default: false };
    properties(current).lookback_window_days.type = ['integer', 'null'];
    expect(checkSpecBackwardCompatibility(stripeLikeSpec(), current)).toEqual([]);
  });

  it('fails a removed property', () => {
    const current = stripeLikeSpec();
    delete properties(current).lookback_window_days;
    expect(checkSpecBackwardCompatibility(stripeLikeSpec(), current)).toEqual([expect.objectContaining({ pointer: '/connectionSpecification/properties/lookback_window_days', message: expect.stringContaining("'lookback_window_days' was removed") })]);
  });

  it('fails a property that became required', () => {
    const current = stripeLikeSpec();
    (current.connectionSpecification.required as string[]).push('lookback_window_days');
    expect(checkSpecBackwardCompatibility(stripeLikeSpec(), current)).toEqual([expect.objectContaining({ pointer: '/connectionSpecification/required', message: expect.stringContaining("'lookback_window_days' became required") })]);
  });

  it('fails a narrowed type', () => {
    const previous = stripeLikeSpec();
    properties(previous).lookback_window_days.type = ['integer', 'null'];
    expect(checkSpecBackwardCompatibility(previous, stripeLikeSpec())).toEqual([expect.objectContaining({ pointer: '/connectionSpecification/properties/lookback_window_days/type', message: expect.stringContaining("'null' no longer allowed") })]);
  });

  it('fails a removed enum value', () => {
    const current = stripeLikeSpec();
    properties(current).slice_range.enum = [30, 365];
    expect(checkSpecBackwardCompatibility(stripeLikeSpec(), current)).toEqual([expect.objectContaining({ pointer: '/connectionSpecification/properties/slice_range/enum', message: expect.stringContaining('enum values were removed: 1') })]);
  });

  it('fails an enum put on an existing property', () => {
    const current = stripeLikeSpec();
    properties(current).account_id.enum = ['acct_1'];
    expect(checkSpecBackwardCompatibility(stripeLikeSpec(), current)).toEqual([expect.objectContaining({ pointer: '/connectionSpecification/properties/account_id/enum' })]);
  });

  it('fails a oneOf option whose const changed, even when the options are reordered', () => {
    const current = stripeLikeSpec();
    const variants = properties(current).credentials.oneOf as Array<{ properties: Record<string, JsonSchema> }>;
    variants.reverse();
    variants[1].properties.auth_type.const = 'oauth';
    expect(checkSpecBackwardCompatibility(stripeLikeSpec(), current)).toEqual([expect.objectContaining({ pointer: '/connectionSpecification/properties/credentials/oneOf/0', message: expect.stringContaining('auth_type = "oauth2.0" was removed') })]);
  });
});
