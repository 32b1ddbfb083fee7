import type { TaskGraph } from '@nx/devkit';
import { dependencyOrder } from './build';

function graph(dependencies: Record<string, string[]>): TaskGraph {
  const tasks = Object.fromEntries(
    Object.keys(dependencies).map((id) => [id, { id, target: { project: id.split(':')[0], target: 'build' }, overrides: {}, outputs: [], parallelism: true }]),
  );
  return { roots: [], tasks, dependencies, continuousDependencies: {} } as unknown as TaskGraph;
}

describe('dependencyOrder', () => {
  it('puts every base image before the connectors built on it', () => {
    const order = dependencyOrder(graph({ 'source-a:build': ['base-python:build'], 'source-b:build': ['base-python:build'], 'base-python:build': [] }));
    expect(order.indexOf('base-python:build')).toBeLessThan(order.indexOf('source-a:build'));
    expect(order.indexOf('base-python:build')).toBeLessThan(order.indexOf('source-b:build'));
    expect(order).toHaveLength(3);
  });

  it('ignores dependencies on tasks outside the batch (they ran before it)', () => {
    expect(dependencyOrder(graph({ 'source-a:build': ['source-a:test'] }))).toEqual(['source-a:build']);
  });
});
