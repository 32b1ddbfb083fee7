import { AirbyteLogger, AirbyteStreamBase, StreamKey, SyncMode } from 'faros-airbyte-cdk';
import ordersSchema from '../../resources/schemas/orders.json';
import { ConfigurationError } from '../config';
import { Order, SampleShop } from '../shop';

export const ORDERS_STREAM = 'orders';
export const ORDERS_CURSOR = 'updated_at';

/** The state of the orders stream: the updated_at of the last order read. */
export interface OrdersState {
  updated_at?: string;
}

/** Orders in updated_at order; incremental reads start after the cursor in the state. */
export class Orders extends AirbyteStreamBase {
  constructor(
    logger: AirbyteLogger,
    /** The shop and the day orders start from, resolved from the config on first use. */
    private readonly open: () => { shop: SampleShop; startDate: string },
    private readonly checkpointEvery = 25,
  ) {
    super(logger);
  }

  override get name(): string {
    return ORDERS_STREAM;
  }

  getJsonSchema(): Record<string, any> {
    return ordersSchema;
  }

  get primaryKey(): StreamKey {
    return 'id';
  }

  override get cursorField(): string {
    return ORDERS_CURSOR;
  }

  /** Records come in cursor order, so a checkpoint every N records is safe to resume from. */
  override get stateCheckpointInterval(): number {
    return this.checkpointEvery;
  }

  override get skipDataField(): boolean {
    return true;
  }

  async *readRecords(
    syncMode: SyncMode,
    _cursorField?: string[],
    _streamSlice?: Record<string, any>,
    streamState?: OrdersState,
  ): AsyncGenerator<Order> {
    const cursor = syncMode === SyncMode.INCREMENTAL ? stateCursor(streamState) : undefined;
    const { shop, startDate } = this.open();
    const start = Date.parse(startDate);
    for (const order of shop.ordersUpdatedAfter(cursor)) {
      if (Date.parse(order.updated_at) >= start) yield order;
    }
  }

  override getUpdatedState(currentStreamState: OrdersState | undefined, latestRecord: Record<string, any>): OrdersState {
    const latest = latestRecord[ORDERS_CURSOR] as string;
    const current = stateCursor(currentStreamState);
    return { [ORDERS_CURSOR]: current !== undefined && Date.parse(current) >= Date.parse(latest) ? current : latest };
  }
}

/** The cursor of an orders state; throws a ConfigurationError when it is there but not a date-time. */
export function stateCursor(state: OrdersState | undefined): string | undefined {
  const cursor = state?.[ORDERS_CURSOR];
  if (cursor === undefined || cursor === null) return undefined;
  if (typeof cursor !== 'string' || Number.isNaN(Date.parse(cursor))) {
    throw new ConfigurationError(`The state of the orders stream has ${ORDERS_CURSOR} ${JSON.stringify(cursor)}, which is not an ISO 8601 date-time`);
  }
  return cursor;
}
