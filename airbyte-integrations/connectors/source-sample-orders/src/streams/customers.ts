import { AirbyteLogger, AirbyteStreamBase, StreamKey, SyncMode } from 'faros-airbyte-cdk';
import customersSchema from '../../resources/schemas/customers.json';
import { Customer, SampleShop } from '../shop';

/** Every customer of the shop, each time: the API offers no way to ask for changes only. */
export class Customers extends AirbyteStreamBase {
  constructor(logger: AirbyteLogger, private readonly shop: () => SampleShop) {
    super(logger);
  }

  override get name(): string {
    return 'customers';
  }

  getJsonSchema(): Record<string, any> {
    return customersSchema;
  }

  get primaryKey(): StreamKey {
    return 'id';
  }

  /** Records never carry the CDK's __faros_data copy: that field is for Faros' own destination. */
  override get skipDataField(): boolean {
    return true;
  }

  async *readRecords(_syncMode: SyncMode): AsyncGenerator<Customer> {
    yield* this.shop().customers();
  }
}
