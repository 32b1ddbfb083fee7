/**
 * The "Sample Orders API": a small shop whose customers and orders are generated from a seed.
 * Nothing is fetched; the same config always yields the same records, so the acceptance
 * suite can compare them with integration_tests/expected_records.jsonl.
 */

export interface Customer {
  id: number;
  name: string;
  email: string;
  country: string;
  tier: 'standard' | 'gold' | 'platinum';
  created_at: string;
  updated_at: string;
}

export type OrderStatus = 'placed' | 'paid' | 'shipped' | 'delivered' | 'cancelled';

export interface Order {
  id: number;
  customer_id: number;
  status: OrderStatus;
  currency: string;
  total: number;
  item_count: number;
  coupon: string | null;
  created_at: string;
  updated_at: string;
}

export interface ShopOptions {
  seed: number;
  customerCount: number;
  orderCount: number;
}

const FIRST_NAMES = ['Ada', 'Grace', 'Linus', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Frances', 'Alan', 'Edsger'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Torvalds', 'Liskov', 'Thompson', 'Hamilton', 'Ritchie', 'Allen', 'Kay', 'Dijkstra'];
const COUNTRIES = ['FR', 'PT', 'NO', 'JP', 'EC', 'GH', 'AU', 'IT', 'CA', 'DE'];
const CURRENCY_BY_COUNTRY: Record<string, string> = {
  FR: 'EUR', PT: 'EUR', NO: 'NOK', JP: 'JPY', EC: 'USD', GH: 'GHS', AU: 'AUD', IT: 'EUR', CA: 'CAD', DE: 'EUR',
};
const TIERS: Customer['tier'][] = ['standard', 'standard', 'standard', 'gold', 'gold', 'platinum'];
const STATUSES: OrderStatus[] = ['placed', 'paid', 'shipped', 'delivered', 'delivered', 'delivered', 'cancelled'];
const COUPONS = ['WELCOME10', 'SPRING5', 'LOYAL15'];

/** Every generated timestamp is at or after this instant. */
export const SHOP_EPOCH_MS = Date.UTC(2024, 0, 1);
const MINUTE_MS = 60_000;

/** mulberry32: a tiny PRNG with a 32-bit state; integer arithmetic only, so identical on every Node version. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

function between(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** Second precision without milliseconds: `2024-01-01T08:30:00Z`. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class SampleShop {
  private readonly customerList: Customer[];
  private readonly orderList: Order[];

  constructor(options: ShopOptions) {
    const random = seededRandom(options.seed);
    this.customerList = generateCustomers(random, options.customerCount);
    this.orderList = generateOrders(random, options.orderCount, this.customerList);
  }

  /** Customers in id order. */
  customers(): readonly Customer[] {
    return this.customerList;
  }

  /**
   * Orders updated strictly after `updatedAfter` (an ISO instant), in ascending `updated_at`
   * order. Every order has a distinct `updated_at`, so a cursor taken from any order never
   * skips another one.
   */
  ordersUpdatedAfter(updatedAfter?: string): Order[] {
    if (updatedAfter === undefined) return [...this.orderList];
    const after = Date.parse(updatedAfter);
    if (Number.isNaN(after)) throw new Error(`'${updatedAfter}' is not an ISO 8601 date-time`);
    return this.orderList.filter((order) => Date.parse(order.updated_at) > after);
  }
}

function generateCustomers(random: () => number, count: number): Customer[] {
  const customers: Customer[] = [];
  for (let id = 1; id <= count; id++) {
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    const created = SHOP_EPOCH_MS + (id - 1) * 6 * 60 * MINUTE_MS + between(random, 0, 300) * MINUTE_MS;
    customers.push({
      id,
      name: `${first} ${last}`,
      email: `${first}.${last}.${id}@example.com`.toLowerCase(),
      country: pick(random, COUNTRIES),
      tier: pick(random, TIERS),
      created_at: isoSeconds(created),
      updated_at: isoSeconds(created + between(random, 0, 30 * 24 * 60) * MINUTE_MS),
    });
  }
  return customers;
}

function generateOrders(random: () => number, count: number, customers: readonly Customer[]): Order[] {
  const orders: Array<Order & { updatedMs: number }> = [];
  let created = SHOP_EPOCH_MS;
  for (let id = 1; id <= count; id++) {
    created += between(random, 5, 720) * MINUTE_MS;
    const customer = pick(random, customers);
    const itemCount = between(random, 1, 6);
    const status = pick(random, STATUSES);
    const updatedMs = status === 'placed' ? created : created + between(random, 1, 5 * 24 * 60) * MINUTE_MS;
    orders.push({
      id,
      customer_id: customer.id,
      status,
      currency: CURRENCY_BY_COUNTRY[customer.country],
      total: Math.round(itemCount * between(random, 300, 25_000)) / 100,
      item_count: itemCount,
      coupon: random() < 0.2 ? pick(random, COUPONS) : null,
      created_at: isoSeconds(created),
      updated_at: '',
      updatedMs,
    });
  }
  orders.sort((a, b) => a.updatedMs - b.updatedMs || a.id - b.id);
  // Make updated_at unique: a tie would let a checkpoint fall between two orders of the same instant.
  let previous = -Infinity;
  return orders.map(({ updatedMs, ...order }) => {
    const unique = Math.max(updatedMs, previous + 1000);
    previous = unique;
    return { ...order, updated_at: isoSeconds(unique) };
  });
}
