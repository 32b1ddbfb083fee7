type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** Follows a local `$ref` (`#/definitions/credentials`) within the spec; undefined when it points nowhere. */
function resolveReference(root: JsonObject, reference: string): unknown {
  if (!reference.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const token of reference.slice(1).split('/').filter((part) => part !== '')) {
    const key = decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
  }
  return node;
}

/** Every string and number inside a secret field's value (a secret object hides all of its leaves). */
function leavesOf(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number') into.push(String(value));
  else if (Array.isArray(value)) value.forEach((item) => leavesOf(item, into));
  else if (isObject(value)) Object.values(value).forEach((item) => leavesOf(item, into));
}

function matches(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(name);
  } catch {
    return false;
  }
}

class SecretCollector {
  readonly secrets: string[] = [];

  constructor(private readonly root: JsonObject) {}

  /** `applying` holds the schemas already applied to this very value, so a `$ref` cycle ends. */
  walk(schema: unknown, value: unknown, applying: Set<unknown> = new Set()): void {
    if (!isObject(schema) || applying.has(schema)) return;
    applying.add(schema);
    if (schema.airbyte_secret === true) {
      leavesOf(value, this.secrets);
      return;
    }
    if (typeof schema.$ref === 'string') this.walk(resolveReference(this.root, schema.$ref), value, applying);
    // Every branch of a oneOf/anyOf is searched: over-masking is harmless, a missed secret is not.
    for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
      const branches = schema[keyword];
      if (Array.isArray(branches)) branches.forEach((branch) => this.walk(branch, value, applying));
    }
    if (isObject(value)) this.walkProperties(schema, value);
    if (Array.isArray(value)) this.walkItems(schema, value);
  }

  private walkProperties(schema: JsonObject, value: JsonObject): void {
    const properties = isObject(schema.properties) ? schema.properties : {};
    const patterns = isObject(schema.patternProperties) ? Object.entries(schema.patternProperties) : [];
    for (const [name, item] of Object.entries(value)) {
      const declared = Object.prototype.hasOwnProperty.call(properties, name);
      if (declared) this.walk(properties[name], item);
      const patterned = patterns.filter(([pattern]) => matches(pattern, name));
      patterned.forEach(([, itemSchema]) => this.walk(itemSchema, item));
      if (!declared && patterned.length === 0) this.walk(schema.additionalProperties, item);
    }
  }

  private walkItems(schema: JsonObject, value: unknown[]): void {
    const items = schema.items;
    value.forEach((item, index) => this.walk(Array.isArray(items) ? items[index] : items, item));
  }
}

/**
 * The values of a connector config that its spec marks `airbyte_secret: true`, wherever they are:
 * nested objects, arrays, every oneOf/anyOf/allOf branch, `$ref`s, pattern and additional properties.
 * A secret object or array gives all the strings and numbers inside it. Distinct values, in order found.
 */
export function secretsFromConfig(connectionSpecification: unknown, config: unknown): string[] {
  if (!isObject(connectionSpecification)) {
    throw new TypeError(`secretsFromConfig needs the spec's connectionSpecification (a JSON Schema object), got ${describe(connectionSpecification)}`);
  }
  if (!isObject(config)) {
    throw new TypeError(`secretsFromConfig needs a connector config (a JSON object), got ${describe(config)}`);
  }
  const collector = new SecretCollector(connectionSpecification);
  collector.walk(connectionSpecification, config);
  return [...new Set(collector.secrets)];
}

/**
 * Every string and number of a connector config: what may be secret when the spec, which says which
 * fields are, cannot be had. Distinct values, in order found.
 */
export function valuesOfConfig(config: unknown): string[] {
  const values: string[] = [];
  leavesOf(config, values);
  return [...new Set(values)];
}
