import { shardProjects } from './shard-matrix';

describe('shardProjects', () => {
  it('splits projects into jobs of equal counts when no durations are known', () => {
    const matrix = shardProjects(['source-e', 'source-a', 'source-d', 'source-b', 'source-c'], 2);
    expect(matrix.include.map((shard) => shard.count)).toEqual([3, 2]);
    expect(matrix.include.flatMap((shard) => shard.projects.split(',')).sort()).toEqual(['source-a', 'source-b', 'source-c', 'source-d', 'source-e']);
    expect(matrix.include.map((shard) => [shard.shard, shard.of])).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('makes no empty jobs: two affected projects and eight shards give two jobs', () => {
    const matrix = shardProjects(['source-a', 'source-b'], 8);
    expect(matrix.include).toEqual([
      { shard: 1, of: 2, projects: 'source-a', count: 1, weight: 1 },
      { shard: 2, of: 2, projects: 'source-b', count: 1, weight: 1 },
    ]);
  });

  it('gives an empty matrix when nothing is affected', () => {
    expect(shardProjects([], 4)).toEqual({ include: [] });
  });

  it('balances by duration: the long connector gets a job of its own', () => {
    const matrix = shardProjects(['slow', 'a', 'b', 'c'], 2, { slow: 300, a: 100, b: 100, c: 100 });
    expect(matrix.include.map((shard) => [shard.projects, shard.weight])).toEqual([
      ['slow', 300],
      ['a,b,c', 300],
    ]);
  });

  it('weighs a project without a known duration as the average of the known ones', () => {
    const matrix = shardProjects(['known', 'new-one'], 1, { known: 50 });
    expect(matrix.include[0].weight).toBe(100);
  });

  it('is deterministic and counts a repeated name once', () => {
    const first = shardProjects(['c', 'a', 'b', 'a'], 2);
    expect(shardProjects(['b', 'a', 'c'], 2)).toEqual(first);
    expect(first.include.reduce((sum, shard) => sum + shard.count, 0)).toBe(3);
  });

  it('refuses a shard count that is not a whole number of at least 1', () => {
    expect(() => shardProjects(['a'], 0)).toThrow('shards must be a whole number of at least 1, got 0');
    expect(() => shardProjects(['a'], 1.5)).toThrow('got 1.5');
  });
});
