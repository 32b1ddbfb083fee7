import { isoSeconds, SampleShop, seededRandom, SHOP_EPOCH_MS } from '../src/shop';

const options = { seed: 7, customerCount: 15, orderCount: 80 };

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('is pinned: the first values of seed 42 never change (records in expected_records.jsonl depend on them)', () => {
    const random = seededRandom(42);
    expect([random(), random(), random()].map((value) => value.toFixed(10))).toEqual(['0.6011037519', '0.4482905590', '0.8524657935']);
  });
});

describe('SampleShop', () => {
  it('generates the same customers and orders for the same options', () => {
    const first = new SampleShop(options);
    const second = new SampleShop(options);
    expect(second.customers()).toEqual(first.customers());
    expect(second.ordersUpdatedAfter()).toEqual(first.ordersUpdatedAfter());
  });

  it('generates different data for another seed', () => {
    expect(new SampleShop({ ...options, seed: 8 }).ordersUpdatedAfter()).not.toEqual(new SampleShop(options).ordersUpdatedAfter());
  });

  it('numbers customers 1..customerCount and gives each order an existing customer and its currency', () => {
    const shop = new SampleShop(options);
    const customers = shop.customers();
    expect(customers.map((customer) => customer.id)).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
    const orders = shop.ordersUpdatedAfter();
    expect(orders).toHaveLength(80);
    for (const order of orders) {
      const customer = customers.find((candidate) => candidate.id === order.customer_id);
      expect(customer).toBeDefined();
      expect(order.currency).toMatch(/^[A-Z]{3}$/);
      expect(order.total).toBeGreaterThan(0);
      expect(Number.isInteger(Math.round(order.total * 100))).toBe(true);
    }
  });

  it('returns orders in strictly increasing updated_at order, each updated at or after its creation', () => {
    const orders = new SampleShop({ seed: 3, customerCount: 5, orderCount: 2000 }).ordersUpdatedAfter();
    for (let index = 1; index < orders.length; index++) {
      expect(Date.parse(orders[index].updated_at)).toBeGreaterThan(Date.parse(orders[index - 1].updated_at));
    }
    for (const order of orders) {
      expect(Date.parse(order.updated_at)).toBeGreaterThanOrEqual(Date.parse(order.created_at));
      expect(Date.parse(order.created_at)).toBeGreaterThan(SHOP_EPOCH_MS);
    }
  });

  it('returns only the orders updated strictly after the given instant', () => {
    const shop = new SampleShop(options);
    const all = shop.ordersUpdatedAfter();
    const cursor = all[29].updated_at;
    const after = shop.ordersUpdatedAfter(cursor);
    expect(after).toEqual(all.slice(30));
    expect(shop.ordersUpdatedAfter(all[all.length - 1].updated_at)).toEqual([]);
    expect(shop.ordersUpdatedAfter('2999-01-01T00:00:00Z')).toEqual([]);
  });

  it('refuses a cursor that is not a date-time', () => {
    expect(() => new SampleShop(options).ordersUpdatedAfter('yesterday')).toThrow("'yesterday' is not an ISO 8601 date-time");
  });

  it('writes timestamps to the second, in UTC, without milliseconds', () => {
    expect(isoSeconds(Date.UTC(2024, 1, 29, 13, 5, 9, 999))).toBe('2024-02-29T13:05:09Z');
    for (const order of new SampleShop(options).ordersUpdatedAfter()) {
      expect(order.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
  });
});
