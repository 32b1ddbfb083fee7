import { Command } from 'commander';
import {
  AirbyteConfig,
  AirbyteConfiguredCatalog,
  AirbyteMessage,
  AirbyteSourceBase,
  AirbyteSourceRunner,
  AirbyteSpec,
  AirbyteState,
  AirbyteStreamBase,
  SyncMode,
} from 'faros-airbyte-cdk';
import VError from 'verror';
import spec from '../resources/spec.json';
import { ConfigurationError, resolveConfig, SampleOrdersConfig } from './config';
import { StandardProtocolLogger } from './protocol-bridge';
import { SampleShop } from './shop';
import { Customers } from './streams/customers';
import { Orders, ORDERS_STREAM, stateCursor } from './streams/orders';

export class SampleOrdersSource extends AirbyteSourceBase<SampleOrdersConfig> {
  get type(): string {
    return 'sample-orders';
  }

  async spec(): Promise<AirbyteSpec> {
    return new AirbyteSpec(spec);
  }

  async checkConnection(config: SampleOrdersConfig): Promise<[boolean, VError | undefined]> {
    try {
      resolveConfig(config);
      return [true, undefined];
    } catch (error) {
      if (error instanceof ConfigurationError) return [false, new VError(error.message)];
      throw error;
    }
  }

  /** The catalog does not depend on the config: the config is resolved (and the shop generated) on the first read. */
  streams(config: SampleOrdersConfig): AirbyteStreamBase[] {
    let resolved: { shop: SampleShop; startDate: string } | undefined;
    const open = () => {
      if (!resolved) {
        const { seed, customerCount, orderCount, startDate } = resolveConfig(config);
        resolved = { shop: new SampleShop({ seed, customerCount, orderCount }), startDate };
      }
      return resolved;
    };
    return [new Customers(this.logger, () => open().shop), new Orders(this.logger, open)];
  }

  /**
   * Refuses a catalog or state it cannot read before reading anything: the CDK would read an unknown
   * sync_mode as full_refresh, and would report a bad cursor only as a failed stream.
   */
  override async *read(
    config: SampleOrdersConfig,
    redactedConfig: AirbyteConfig,
    catalog: AirbyteConfiguredCatalog,
    state: AirbyteState,
    redactedUserConfig?: AirbyteConfig,
  ): AsyncGenerator<AirbyteMessage> {
    checkConfiguredCatalog(catalog, this.streams(config));
    stateCursor(state?.[ORDERS_STREAM]);
    yield* super.read(config, redactedConfig, catalog, state, redactedUserConfig);
  }
}

/** Throws a ConfigurationError naming every stream the source lacks and every sync mode a stream does not support. */
export function checkConfiguredCatalog(catalog: AirbyteConfiguredCatalog, streams: readonly AirbyteStreamBase[]): void {
  const byName = new Map(streams.map((stream) => [stream.name, stream]));
  const problems: string[] = [];
  if (!Array.isArray(catalog?.streams)) throw new ConfigurationError('The configured catalog has no "streams" list');
  for (const configured of catalog.streams) {
    const name = configured?.stream?.name;
    const stream = byName.get(name);
    if (!stream) {
      problems.push(`stream ${JSON.stringify(name)} does not exist (streams: ${[...byName.keys()].join(', ')})`);
      continue;
    }
    const supported = stream.supportsIncremental ? [SyncMode.FULL_REFRESH, SyncMode.INCREMENTAL] : [SyncMode.FULL_REFRESH];
    if (!supported.includes(configured.sync_mode)) {
      problems.push(`stream ${name} cannot be read with sync_mode ${JSON.stringify(configured.sync_mode)} (supported: ${supported.join(', ')})`);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(`The configured catalog cannot be read: ${problems.join('; ')}`);
}

/** The command line of the connector: spec, check, discover, read (and the CDK's extras). */
export function mainCommand(logger = new StandardProtocolLogger()): Command {
  return new AirbyteSourceRunner(logger, new SampleOrdersSource(logger)).mainCommand();
}
