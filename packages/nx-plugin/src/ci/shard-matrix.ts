/** One CI job of a matrix: the projects it runs the target on. */
export interface Shard {
  /** 1-based. */
  shard: number;
  of: number;
  /** Comma-separated, ready for `nx run-many -p`. */
  projects: string;
  count: number;
  /** The sum of the projects' weights (seconds when durations were given). */
  weight: number;
}

/** GitHub Actions' `strategy.matrix` shape: `matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}`. */
export interface ShardMatrix {
  include: Shard[];
}

/**
 * Splits projects into at most `shards` jobs of about equal weight (longest first, each to the lightest
 * job so far); without known weights every project weighs 1. Empty jobs are left out, so a change that
 * reaches two connectors makes two jobs, not N. Deterministic: the same input gives the same matrix.
 */
export function shardProjects(projects: readonly string[], shards: number, weights: Readonly<Record<string, number>> = {}): ShardMatrix {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`shards must be a whole number of at least 1, got ${shards}`);
  const weightOf = (project: string) => {
    const weight = weights[project];
    return typeof weight === 'number' && Number.isFinite(weight) && weight > 0 ? weight : fallbackWeight(weights);
  };
  const unique = [...new Set(projects)];
  const ordered = unique.sort((a, b) => weightOf(b) - weightOf(a) || (a < b ? -1 : a > b ? 1 : 0));
  const jobs = Array.from({ length: Math.min(shards, ordered.length) }, () => ({ projects: [] as string[], weight: 0 }));
  for (const project of ordered) {
    const lightest = jobs.reduce((best, job) => (job.weight < best.weight ? job : best), jobs[0]);
    lightest.projects.push(project);
    lightest.weight += weightOf(project);
  }
  return {
    include: jobs.map((job, index) => ({
      shard: index + 1,
      of: jobs.length,
      projects: [...job.projects].sort().join(','),
      count: job.projects.length,
      weight: Math.round(job.weight * 10) / 10,
    })),
  };
}

/** A project without a known duration weighs what the known ones weigh on average (1 when none is known). */
function fallbackWeight(weights: Readonly<Record<string, number>>): number {
  const known = Object.values(weights).filter((weight) => typeof weight === 'number' && Number.isFinite(weight) && weight > 0);
  return known.length === 0 ? 1 : known.reduce((sum, weight) => sum + weight, 0) / known.length;
}
