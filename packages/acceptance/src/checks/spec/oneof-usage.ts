import type { ConnectorSpecification, JsonSchema } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { toPointer, type PathSegment } from '../json-pointer';
import { jsonEqual } from '../json-value';
import { forEachSubschema, isSchemaObject } from '../schema-traversal';

const ALTERNATIVE_KEYWORDS = ['oneOf', 'anyOf'] as const;

/**
 * test_oneof_usage, with the rules of Airbyte's spec reference: a oneOf/anyOf sits on a
 * `type: object` node; every variant has `properties`; the variants share at least one property;
 * exactly one shared property has `const` in every variant (the discriminator); the discriminator
 * carries no `default` or `enum` unless they only repeat the const (CAT's relaxation).
 */
export function checkOneOfUsage(spec: ConnectorSpecification): Failure[] {
  const failures: Failure[] = [];
  forEachSubschema(spec.connectionSpecification, (node, path) => {
    for (const keyword of ALTERNATIVE_KEYWORDS) {
      const variants = node[keyword];
      if (Array.isArray(variants)) failures.push(...alternativeFailures(node, variants, ['connectionSpecification', ...path, keyword]));
    }
  });
  return failures;
}

function alternativeFailures(parent: JsonSchema, variants: unknown[], path: PathSegment[]): Failure[] {
  const pointer = toPointer(path);
  const failures: Failure[] = [];
  if (parent.type !== 'object') {
    failures.push({ message: `the node holding ${pointer} must have type: object`, pointer: toPointer(path.slice(0, -1)), expected: 'object', actual: parent.type ?? null });
  }
  const properties: Array<Record<string, unknown>> = [];
  variants.forEach((variant, index) => {
    if (isSchemaObject(variant) && isSchemaObject(variant.properties)) properties.push(variant.properties);
    else failures.push({ message: `variant ${pointer}/${index} must be an object schema with properties`, pointer: `${pointer}/${index}` });
  });
  if (properties.length < variants.length) return failures;

  const shared = Object.keys(properties[0] ?? {}).filter((name) => properties.every((props) => name in props));
  if (shared.length === 0) return [...failures, { message: `the variants of ${pointer} share no property; they need a common property with a const value to tell them apart`, pointer }];

  const discriminators = shared.filter((name) => properties.every((props) => isSchemaObject(props[name]) && 'const' in (props[name] as JsonSchema)));
  if (discriminators.length !== 1) {
    const found = discriminators.length === 0 ? 'none' : discriminators.join(', ');
    return [...failures, { message: `the variants of ${pointer} must have exactly one common property with 'const' in every variant; found ${found}`, pointer, expected: 1, actual: discriminators.length }];
  }
  const discriminator = discriminators[0];
  properties.forEach((props, index) => {
    const property = props[discriminator] as JsonSchema;
    const where = `${pointer}/${index}/properties/${discriminator}`;
    if ('default' in property && !jsonEqual(property.default, property.const)) {
      failures.push({ message: `${where} has a default different from its const; use const alone`, pointer: `${where}/default`, expected: property.const, actual: property.default });
    }
    if ('enum' in property && !jsonEqual(property.enum, [property.const])) {
      failures.push({ message: `${where} has an enum other than [const]; use const alone`, pointer: `${where}/enum`, expected: [property.const], actual: property.enum });
    }
  });
  return failures;
}
