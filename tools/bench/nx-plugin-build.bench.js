#!/usr/bin/env node
// Benchmark (not a test), issue P3: `nx run-many -t build` on unchanged connectors with a wiped Nx cache,
// against letting Docker's layer cache rebuild the same images.
'use strict';
/* global __filename */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT, NX, nxEnv, timeCommand, git, createTempWorkspace, writeFile, interleave, median, summary, loadSummary, machine, parseArgs } = require('./bench-rounds');

const USAGE = `Usage: node tools/bench/nx-plugin-build.bench.js [--connectors 100] [--rounds 5] [--parallel 3] [--variants ours,nx-docker,nx-noop,docker-only,executor-only] [--perf] [--keep]

Generates a temp workspace (under $TMPDIR) with one base image and N small connectors (distinct
build contexts FROM the base, RUN-free Dockerfiles), node_modules linked to this repository's, nx.json
registering @nx-airbyte/nx-plugin with its cache inside the workspace. Builds every image once
(warm-up), then times, interleaved round by round:

  ours           rm -rf .nx/cache .nx/workspace-data; nx run-many -t build
                 (our build executor, default flags: the image input hash is checked, no docker build)
  ours-per-task  the same with --batch=false (one forked executor process per task); not run unless named
                 in --variants
  nx-docker      rm -rf .nx/cache .nx/workspace-data; nx run-many -t docker-build, where docker-build is
                 an nx:run-commands target \`DOCKER_BUILDKIT=0 docker build -q -t <name>:anchor .\` (legacy
                 builder, every layer cached): the same Nx invocation, Docker's layer cache instead of ours
  nx-noop        rm -rf .nx/cache .nx/workspace-data; nx run-many -t noop, where noop is a cached nx:noop
                 target with the same dependsOn: what Nx alone costs for these tasks, the floor of ours
  docker-only    the same N+1 builds through the Engine API (@nx-airbyte/docker buildImage, legacy
                 builder, every layer cached), --parallel at a time, no Nx: what Docker alone costs
  executor-only  our batch executor (buildBatch) over the same N+1 tasks in one Node process, its
                 module load included, no Nx: what our code costs inside ours; the rest is Nx's

Every Nx run: NX_DAEMON=false NX_TUI=false NX_NO_CLOUD=true, --parallel as given (Nx's default is 3).
Prints a markdown table (median and min–max wall time, load) and the command to reproduce.
--perf adds one NX_PERF_LOGGING run of ours at the end: where its time goes (graph, batch process, cache).
Removes every image it built (label io.nx-airbyte.bench=<run id>) and the workspace; --keep keeps both
and prints how to remove them.
Needs a Docker engine with debian:bookworm-slim (tools/bootstrap) and \`npm ci\` (builds the plugin's dist/).`;

const CONNECTORS_DIR = 'airbyte-integrations/connectors';
const BASES_DIR = 'airbyte-integrations/bases';
const BENCH_LABEL = 'io.nx-airbyte.bench';
const BASE_IMAGE = 'debian:bookworm-slim';

function main() {
  const [mode, childWorkspace, childParallel] = process.argv.slice(2);
  if (mode === '--docker-only') return runDockerOnly(childWorkspace, Number(childParallel));
  if (mode === '--executor-only') return runExecutorOnly(childWorkspace, Number(childParallel));
  const args = parseArgs(process.argv.slice(2), { connectors: 100, rounds: 5, parallel: 3, variants: 'ours,nx-docker,nx-noop,docker-only,executor-only', perf: false, keep: false }, USAGE);
  checkPrerequisites();
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  const imagePrefix = `nx-airbyte-bench-${runId}`;
  const workspace = createTempWorkspace('nx-airbyte-build-bench-');
  const cleanup = () => {
    if (args.keep) {
      console.error(`kept ${workspace} and its images; remove them with: rm -rf ${workspace}; docker rmi -f $(docker images -a -q --filter label=${BENCH_LABEL}=${runId}) (repeat until none is left)`);
      return;
    }
    removeBenchImages(runId);
    fs.rmSync(workspace, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    const projects = generateWorkspace(workspace, { connectors: args.connectors, imagePrefix, runId });
    const nx = (target, extra = []) => () => {
      wipeNxCache(workspace);
      return timeCommand(NX, ['run-many', '-t', target, `--parallel=${args.parallel}`, '--outputStyle=static', ...extra], { cwd: workspace, env: nxEnv() });
    };
    const known = [
      { key: 'ours', label: '**ours**: `nx run-many -t build`', run: checked(nx('build'), (out) => expectReused(out, projects.length)) },
      { key: 'ours-per-task', label: 'ours, `--batch=false` (one executor process per task)', run: checked(nx('build', ['--batch=false']), (out) => expectReused(out, projects.length)) },
      { key: 'nx-docker', label: '**anchor**: `nx run-many -t docker-build` (`DOCKER_BUILDKIT=0 docker build`, all layers cached)', run: checked(nx('docker-build'), (out) => expectNxTasks(out, projects.length)) },
      { key: 'nx-noop', label: 'Nx alone: `nx run-many -t noop` (`nx:noop`, cached, same graph and `dependsOn`): the floor of any executor under Nx', run: checked(nx('noop'), (out) => expectNxTasks(out, projects.length)) },
      { key: 'docker-only', label: 'docker only: Engine API `buildImage` (legacy builder, all layers cached), no Nx', run: () => childRun('--docker-only', workspace, args.parallel) },
      { key: 'executor-only', label: 'our executor only: `buildBatch` over the same tasks in one Node process (its `require` included), no Nx', run: () => childRun('--executor-only', workspace, args.parallel) },
    ];
    const variants = args.variants.split(',').map((key) => known.find((variant) => variant.key === key) ?? fail(new Error(`unknown variant ${key}; known: ${known.map((v) => v.key).join(', ')}`)));

    console.error(`workspace ${workspace}: 1 base image + ${args.connectors} connectors; warm-up (builds every image once)`);
    for (const variant of variants) console.error(`  warm-up ${variant.key}: ${(variant.run() / 1000).toFixed(1)} s`);
    warmingUp = false;
    const { samples, loads } = interleave(variants, args.rounds, (round, variant, ms) => console.error(`  round ${round} ${variant.key}: ${(ms / 1000).toFixed(2)} s`));

    const ours = median(samples['ours'] ?? samples[variants[0].key]);
    const lines = [
      `### Build: ${projects.length} unchanged images (1 base + ${args.connectors} connectors), Nx cache wiped before every run`,
      '',
      `${args.rounds} rounds, variants interleaved; ${loadSummary(loads)}; ${machine()}; nx ${nxVersion()}, --parallel=${args.parallel}.`,
      '',
      '| variant | wall, median (min–max) | ratio to ours (median) |',
      '|---|---|---|',
      ...variants.map((variant) => `| ${variant.label} | ${summary(samples[variant.key])} | ${(median(samples[variant.key]) / ours).toFixed(1)}× |`),
      '',
      ...(samples['nx-docker'] && samples['ours'] ? [`Target: ours ≥ 20× faster than the anchor. Per round (anchor / ours): ${samples['nx-docker'].map((ms, i) => (ms / samples['ours'][i]).toFixed(1)).join(', ')}.`, ''] : []),
      ...(samples['nx-docker'] && samples['nx-noop'] ? [`Bound: an executor that costs nothing would make the ratio anchor / Nx alone = ${(median(samples['nx-docker']) / median(samples['nx-noop'])).toFixed(1)}× (median).`, ''] : []),
      `Reproduce: \`node tools/bench/nx-plugin-build.bench.js --connectors ${args.connectors} --rounds ${args.rounds} --parallel ${args.parallel} --variants ${args.variants}${args.perf ? ' --perf' : ''}\``,
    ];
    if (args.perf) lines.push('', ...perfBreakdown(workspace, args.parallel));
    console.log(lines.join('\n'));
  } finally {
    cleanup();
  }
}

function checkPrerequisites() {
  if (!fs.existsSync(path.join(REPO_ROOT, 'packages/nx-plugin/dist/index.js'))) throw new Error('packages/nx-plugin/dist is missing: run `npm ci` (or `npx tsc -b packages/nx-plugin/tsconfig.lib.json`) first');
  const inspect = spawnSync('docker', ['image', 'inspect', BASE_IMAGE], { stdio: 'ignore' });
  if (inspect.status !== 0) throw new Error(`${BASE_IMAGE} is not in the local Docker store (or no engine answers): run tools/bootstrap first`);
}

/** Writes the workspace; returns the project roots (base first). */
function generateWorkspace(root, { connectors, imagePrefix, runId }) {
  writeFile(root, 'package.json', `${JSON.stringify({ name: 'nx-plugin-build-bench', private: true }, null, 2)}\n`);
  writeFile(root, '.gitignore', 'node_modules\n.nx\ndist\n');
  writeFile(root, 'nx.json', `${JSON.stringify({ cacheDirectory: '.nx/cache', plugins: ['@nx-airbyte/nx-plugin'] }, null, 2)}\n`);
  const base = `${BASES_DIR}/base-bench`;
  writeFile(
    root,
    `${base}/Dockerfile`,
    [`FROM ${BASE_IMAGE}`, `LABEL ${BENCH_LABEL}=${runId}`, 'ENV AIRBYTE_BENCH_BASE=1', `LABEL io.airbyte.name=${imagePrefix}/base-bench io.airbyte.version=0.1.0`, ''].join('\n'),
  );
  writeAnchorTarget(root, base, 'base-bench', `${imagePrefix}/base-bench`);
  const roots = [base];
  for (let i = 0; i < connectors; i++) {
    const name = `source-bench-${String(i).padStart(3, '0')}`;
    const dir = `${CONNECTORS_DIR}/${name}`;
    writeFile(
      root,
      `${dir}/Dockerfile`,
      [
        `FROM ${imagePrefix}/base-bench:dev`,
        'WORKDIR /airbyte/integration_code',
        'COPY src ./src',
        'COPY main.sh ./',
        'ENV AIRBYTE_ENTRYPOINT="/bin/sh /airbyte/integration_code/main.sh"',
        'ENTRYPOINT ["/bin/sh", "/airbyte/integration_code/main.sh"]',
        `LABEL io.airbyte.name=${imagePrefix}/${name} io.airbyte.version=0.1.${i}`,
        '',
      ].join('\n'),
    );
    writeFile(root, `${dir}/main.sh`, `#!/bin/sh\n# ${name}\nexec cat /airbyte/integration_code/src/spec.json\n`);
    writeFile(root, `${dir}/src/spec.json`, `${JSON.stringify({ type: 'SPEC', spec: { connectionSpecification: { title: name, type: 'object', properties: { count: { type: 'integer', default: i } } } } })}\n`);
    writeFile(root, `${dir}/src/catalog.json`, `${JSON.stringify({ streams: [{ name: `items_${i}`, json_schema: { type: 'object' }, supported_sync_modes: ['full_refresh'] }] })}\n`);
    writeFile(root, `${dir}/README.md`, `# ${name}\n\nA generated connector of the build benchmark.\n`);
    writeAnchorTarget(root, dir, name, `${imagePrefix}/${name}`);
    roots.push(dir);
  }
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'generated workspace');
  return roots;
}

/** The anchor's target: a plain `docker build` of the same context, cached by Nx like ours, so Nx costs the same on both sides. */
function writeAnchorTarget(root, dir, name, image) {
  const project = {
    name,
    targets: {
      'docker-build': {
        command: `DOCKER_BUILDKIT=0 docker build -q -t ${image}:anchor .`,
        options: { cwd: '{projectRoot}' },
        dependsOn: ['^docker-build'],
        cache: true,
        inputs: ['{projectRoot}/**/*'],
        outputs: [],
      },
      // what Nx alone costs for the same tasks: no process, no work, same graph, hashing and cache writes
      noop: { executor: 'nx:noop', dependsOn: ['^noop'], cache: true, inputs: ['{projectRoot}/**/*'], outputs: [] },
    },
  };
  writeFile(root, `${dir}/project.json`, `${JSON.stringify(project, null, 2)}\n`);
}

/** One NX_PERF_LOGGING run of ours: how its wall time splits between the graph, the batch process and the rest. */
function perfBreakdown(workspace, parallel) {
  wipeNxCache(workspace);
  const { ms, stdout, stderr } = timeCommand(NX, ['run-many', '-t', 'build', `--parallel=${parallel}`, '--outputStyle=static'], { cwd: workspace, env: nxEnv({ NX_PERF_LOGGING: 'true' }) });
  const measures = new Map();
  for (const match of `${stdout}\n${stderr}`.matchAll(/Time taken for '([^']+)' ([\d.]+)ms/g)) if (!measures.has(match[1])) measures.set(match[1], Number(match[2]));
  const rows = [
    ['project graph (`createProjectGraphAsync`: plugin workers, createNodes, createDependencies)', 'createProjectGraphAsync'],
    ['… of which loading the plugins (4 worker processes, in parallel)', 'loadSpecifiedNxPlugins'],
    ['… of which our createNodes', '@nx-airbyte/nx-plugin:createNodes'],
    ['… of which our createDependencies', '@nx-airbyte/nx-plugin:createDependencies'],
    ['running the tasks (`task-execution`: hashing, the batch, cache writes)', 'task-execution'],
    ['… of which the batch process (fork, Nx and executor load, the image checks)', 'TaskOrchestrator-run-batch'],
    ['… of which writing the cache entries (`cache-results`)', 'cache-results'],
  ];
  return [
    `Where ours spends its time (one \`NX_PERF_LOGGING=true\` run, total wall ${(ms / 1000).toFixed(2)} s):`,
    '',
    '| part | ms |',
    '|---|---|',
    ...rows.filter(([, key]) => measures.has(key)).map(([label, key]) => `| ${label} | ${measures.get(key).toFixed(0)} |`),
  ];
}

function wipeNxCache(workspace) {
  fs.rmSync(path.join(workspace, '.nx/cache'), { recursive: true, force: true });
  fs.rmSync(path.join(workspace, '.nx/workspace-data'), { recursive: true, force: true });
}

/** The warm-up builds the images: only the measured runs must all be reuses. */
let warmingUp = true;

function checked(run, check) {
  return () => {
    const { ms, stdout } = run();
    if (!warmingUp) check(stdout);
    return ms;
  };
}

/** Every build was a reuse: the executor said so once per project, and Nx ran every task. */
function expectReused(stdout, count) {
  expectNxTasks(stdout, count);
  const reused = (stdout.match(/unchanged inputs, reused image/g) ?? []).length;
  if (reused !== count) throw new Error(`expected ${count} reused images, the output says ${reused}:\n${stdout.slice(-3000)}`);
}

function expectNxTasks(stdout, count) {
  const match = /Successfully ran target \S+ for (\d+) projects?/.exec(stdout);
  if (!match || Number(match[1]) !== count) throw new Error(`expected Nx to run ${count} tasks:\n${stdout.slice(-3000)}`);
  if (/\[local cache\]|existing outputs match the cache/.test(stdout)) throw new Error('a task was restored from the Nx cache: the cache was not wiped');
}

/** Runs this script in a child process in one of its child modes; returns the time the child measured. */
function childRun(mode, workspace, parallel) {
  const { stdout } = timeCommand(process.execPath, [__filename, mode, workspace, String(parallel)]);
  const { ms, reused, count } = JSON.parse(stdout);
  if (mode === '--executor-only' && !warmingUp && reused !== count) throw new Error(`the executor reused ${reused} of ${count} images`);
  return ms;
}

/** Child process: the build executor's batch implementation over base and connectors, as Nx would call it; prints its wall time. */
async function runExecutorOnly(workspace, parallel) {
  const started = process.hrtime.bigint();
  const { buildBatch } = require(path.join(REPO_ROOT, 'packages/nx-plugin/dist/executors/build/build.js'));
  const bases = fs.readdirSync(path.join(workspace, BASES_DIR));
  const connectors = fs.readdirSync(path.join(workspace, CONNECTORS_DIR));
  const projects = Object.fromEntries([...bases.map((name) => [name, { root: `${BASES_DIR}/${name}` }]), ...connectors.map((name) => [name, { root: `${CONNECTORS_DIR}/${name}` }])]);
  const tasks = Object.fromEntries(Object.keys(projects).map((name) => [`${name}:build`, { id: `${name}:build`, target: { project: name, target: 'build' }, overrides: {} }]));
  const dependencies = Object.fromEntries(Object.keys(projects).map((name) => [`${name}:build`, bases.includes(name) ? [] : bases.map((base) => `${base}:build`)]));
  const context = { root: workspace, cwd: workspace, isVerbose: false, projectsConfigurations: { version: 2, projects }, nxJsonConfiguration: { parallel } };
  let reused = 0;
  for await (const { result } of buildBatch({ roots: [], tasks, dependencies, continuousDependencies: {} }, Object.fromEntries(Object.keys(tasks).map((id) => [id, {}])), {}, context)) {
    if (!result.success) throw new Error(result.terminalOutput);
    if (/unchanged inputs, reused image/.test(result.terminalOutput)) reused++;
  }
  console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6, reused, count: Object.keys(tasks).length }));
}

/** Child process: builds base then connectors through the Engine API, `parallel` at a time; prints the wall time of the builds. */
async function runDockerOnly(workspace, parallel) {
  const { createDockerClient, buildImage, parseDockerfile } = require('@nx-airbyte/docker');
  const client = createDockerClient();
  const dirs = [fs.readdirSync(path.join(workspace, BASES_DIR)).map((name) => path.join(workspace, BASES_DIR, name)), fs.readdirSync(path.join(workspace, CONNECTORS_DIR)).map((name) => path.join(workspace, CONNECTORS_DIR, name))];
  const started = process.hrtime.bigint();
  for (const layer of dirs) {
    const queue = [...layer];
    const worker = async () => {
      for (let dir = queue.shift(); dir; dir = queue.shift()) {
        const name = parseDockerfile(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).labels['io.airbyte.name'];
        await buildImage(client, { contextDir: dir, tags: [`${name}:bare`] });
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
  }
  console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6 }));
}

function nxVersion() {
  return require(path.join(REPO_ROOT, 'node_modules/nx/package.json')).version;
}

/** Every image of this run carries the base's bench label; a parent goes only after its children, hence the passes. */
function removeBenchImages(runId) {
  const list = () => [...new Set(spawnSync('docker', ['images', '-a', '-q', '--filter', `label=${BENCH_LABEL}=${runId}`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean))];
  let ids = list();
  for (let pass = 0; pass < 5 && ids.length > 0; pass++) {
    spawnSync('docker', ['rmi', '-f', ...ids], { stdio: 'ignore' });
    ids = list();
  }
  if (ids.length > 0) console.error(`warning: images labelled ${BENCH_LABEL}=${runId} are left: ${ids.join(' ')}`);
}

try {
  const done = main();
  if (done instanceof Promise) done.catch(report);
} catch (error) {
  report(error);
}

function fail(error) {
  throw error;
}

function report(error) {
  console.error(`nx-plugin-build bench: ${error.message}`);
  process.exitCode = 1;
}
