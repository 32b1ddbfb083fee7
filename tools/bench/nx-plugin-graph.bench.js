#!/usr/bin/env node
// Benchmark (not a test), issue P3: the cold project graph of a workspace of generated connectors inferred
// by our plugin, against the same projects declared by plain project.json files.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { REPO_ROOT, NX, nxEnv, timeCommand, git, createTempWorkspace, writeFile, interleave, median, summary, loadSummary, machine, parseArgs } = require('./bench-rounds');

const USAGE = `Usage: node tools/bench/nx-plugin-graph.bench.js [--connectors 500] [--rounds 7] [--command show-projects|graph] [--in-process] [--perf] [--keep]

Generates two temp workspaces (under $TMPDIR) with the same folders: 2 base images and N connectors
(Dockerfile FROM a base, a few source files; a third Python with unit_tests/, a third TypeScript
with package.json, a third generic), node_modules linked to this repository's:

  plugin        nx.json registers @nx-airbyte/nx-plugin; no project.json anywhere: every project,
                target and edge is inferred
  project.json  no plugin; each folder has a project.json with exactly what the plugin infers for it
                (name, tags, targets with the same executors, options, inputs, outputs, dependsOn)
                and implicitDependencies for the plugin's edges

Then times, interleaved round by round, a cold graph in each:
  rm -rf .nx/workspace-data; NX_DAEMON=false nx show projects        (--command show-projects, default)
  rm -rf .nx/workspace-data; NX_DAEMON=false nx graph --file=graph.json  (--command graph)
checks once (through nx graph --file) that both graphs have the same projects, edges and targets, and prints a
markdown table with the ratio. --in-process adds the same two runs with NX_ISOLATE_PLUGINS=false (every plugin
loaded in Nx's own process, no plugin worker processes): what the plugin costs apart from its worker. --perf adds one NX_PERF_LOGGING run of each at the end and prints
where the time goes (plugin workers, createNodes, createDependencies). The workspaces are removed
unless --keep. Needs \`npm ci\` (builds the plugin's dist/); no Docker.`;

const CONNECTORS_DIR = 'airbyte-integrations/connectors';
const BASES_DIR = 'airbyte-integrations/bases';
const BASES = ['base-python', 'base-node'];

function main() {
  const args = parseArgs(process.argv.slice(2), { connectors: 500, rounds: 7, command: 'show-projects', 'in-process': false, perf: false, keep: false }, USAGE);
  if (!['show-projects', 'graph'].includes(args.command)) throw new Error(`--command must be show-projects or graph, got ${args.command}`);
  if (!fs.existsSync(path.join(REPO_ROOT, 'packages/nx-plugin/dist/index.js'))) throw new Error('packages/nx-plugin/dist is missing: run `npm ci` (or `npx tsc -b packages/nx-plugin/tsconfig.lib.json`) first');
  const inferred = createTempWorkspace('nx-airbyte-graph-plugin-');
  const declared = createTempWorkspace('nx-airbyte-graph-projectjson-');
  try {
    generateFolders(inferred, args.connectors);
    generateFolders(declared, args.connectors);
    writeFile(inferred, 'nx.json', `${JSON.stringify({ cacheDirectory: '.nx/cache', plugins: ['@nx-airbyte/nx-plugin'] }, null, 2)}\n`);
    writeFile(declared, 'nx.json', `${JSON.stringify({ cacheDirectory: '.nx/cache' }, null, 2)}\n`);
    declareWhatThePluginInfers(inferred, declared);
    for (const root of [inferred, declared]) {
      git(root, 'init', '-q', '-b', 'main');
      git(root, 'add', '-A');
      git(root, 'commit', '-qm', 'generated workspace');
    }

    const command = args.command === 'graph' ? ['graph', '--file=graph.json'] : ['show', 'projects'];
    const coldGraph = (root, env = {}, nxArgs = command) => {
      fs.rmSync(path.join(root, '.nx/workspace-data'), { recursive: true, force: true });
      return timeCommand(NX, nxArgs, { cwd: root, env: nxEnv(env) });
    };
    const expected = expectedProjects(args.connectors);
    let truncated = 0;
    const inProcess = { NX_ISOLATE_PLUGINS: 'false' };
    const variants = [
      { key: 'plugin', label: '**plugin**: connectors inferred by @nx-airbyte/nx-plugin', root: inferred },
      { key: 'project-json', label: '**anchor**: the same projects in project.json files, no plugin', root: declared },
      ...(args['in-process']
        ? [
            { key: 'plugin-in-process', label: 'plugin, `NX_ISOLATE_PLUGINS=false`', root: inferred, env: inProcess },
            { key: 'project-json-in-process', label: 'project.json, `NX_ISOLATE_PLUGINS=false`', root: declared, env: inProcess },
          ]
        : []),
    ].map((variant) => ({
      ...variant,
      run: () => {
        const result = coldGraph(variant.root, variant.env);
        if (args.command === 'show-projects') truncated += checkListing(variant, result.stdout, expected);
        return { ms: result.ms, cpuMs: result.cpuMs };
      },
    }));

    const nxCommand = `nx ${command.join(' ')}`;
    console.error(`workspaces ${inferred} and ${declared}: ${BASES.length} base images + ${args.connectors} connectors; warm-up`);
    for (const variant of variants) console.error(`  warm-up ${variant.key}: ${(variant.run().ms / 1000).toFixed(2)} s`);
    checkSameGraph(variants.slice(0, 2), coldGraph, expected);
    const { samples, cpu, loads } = interleave(variants, args.rounds, (round, variant, ms) => console.error(`  round ${round} ${variant.key}: ${(ms / 1000).toFixed(2)} s`));

    const hasCpu = cpu['plugin'].length === args.rounds;
    const pairs = (a, b, values = samples) => values[a].map((ms, i) => ms / values[b][i]);
    const ratioRow = (label, a, b) => {
      const wall = `**${(median(samples[a]) / median(samples[b])).toFixed(2)}×**; per round ${pairs(a, b).map((r) => r.toFixed(2)).join(', ')} (median ${median(pairs(a, b)).toFixed(2)})`;
      return `| ${label} | ${wall} |${hasCpu ? ` ${(median(cpu[a]) / median(cpu[b])).toFixed(2)}× (per round median ${median(pairs(a, b, cpu)).toFixed(2)}) |` : ''}`;
    };
    const lines = [
      `### Project graph, cold: ${BASES.length} base images + ${args.connectors} connectors`,
      '',
      `\`rm -rf .nx/workspace-data; NX_DAEMON=false ${nxCommand}\` (node_modules/.bin/nx), ${args.rounds} rounds, variants interleaved; ${loadSummary(loads)}; ${machine()}; nx ${require(path.join(REPO_ROOT, 'node_modules/nx/package.json')).version}.`,
      hasCpu ? 'CPU is user + system time of nx and every process it waited for (its plugin workers): steadier than wall time when other work shares the cores.' : '',
      '',
      `| variant | wall, median (min–max) |${hasCpu ? ' CPU, median (min–max) |' : ''}`,
      `|---|---|${hasCpu ? '---|' : ''}`,
      ...variants.map((variant) => `| ${variant.label} | ${summary(samples[variant.key])} |${hasCpu ? ` ${summary(cpu[variant.key])} |` : ''}`),
      ratioRow('**ratio plugin / project.json** (median; target ≤ 1.2×)', 'plugin', 'project-json'),
      ...(args['in-process'] ? [ratioRow('ratio with `NX_ISOLATE_PLUGINS=false`', 'plugin-in-process', 'project-json-in-process')] : []),
      '',
      ...(truncated > 0 ? [`(${truncated} of the ${variants.length * (args.rounds + 1)} runs of \`nx show projects\` printed only the first part of the list: Nx exits before its output reaches the pipe; the graph itself was complete, see the check below.)`, ''] : []),
      'Both workspaces give the same graph (`nx graph --file`): the same projects, the same edges, the same targets with the same executors (Nx adds an `nx-release-publish` target of its own to the project.json projects that have a package.json).',
      '',
      `Reproduce: \`node tools/bench/nx-plugin-graph.bench.js --connectors ${args.connectors} --rounds ${args.rounds} --command ${args.command}${args['in-process'] ? ' --in-process' : ''}${args.perf ? ' --perf' : ''}\``,
    ];
    if (args.perf) lines.push('', ...perfBreakdown(variants.slice(0, 2), coldGraph));
    console.log(lines.join('\n'));
  } finally {
    if (!args.keep) {
      fs.rmSync(inferred, { recursive: true, force: true });
      fs.rmSync(declared, { recursive: true, force: true });
    }
  }
}

/** The same folders in both workspaces: what a connector monorepo holds, nothing the graph would not read. */
function generateFolders(root, connectors) {
  writeFile(root, 'package.json', `${JSON.stringify({ name: 'nx-plugin-graph-bench', private: true }, null, 2)}\n`);
  writeFile(root, '.gitignore', 'node_modules\n.nx\ndist\ngraph.json\n');
  for (const base of BASES) {
    writeFile(root, `${BASES_DIR}/${base}/Dockerfile`, `FROM debian:bookworm-slim\nLABEL io.airbyte.name=airbyte/${base} io.airbyte.version=0.1.0\n`);
  }
  for (let i = 0; i < connectors; i++) {
    const name = connectorName(i);
    const dir = `${CONNECTORS_DIR}/${name}`;
    const language = ['python', 'typescript', 'generic'][i % 3];
    const base = language === 'typescript' ? 'base-node' : 'base-python';
    writeFile(root, `${dir}/Dockerfile`, `FROM airbyte/${base}:dev\nWORKDIR /airbyte/integration_code\nCOPY . ./\nENTRYPOINT ["/bin/sh", "/airbyte/integration_code/main.sh"]\nLABEL io.airbyte.name=airbyte/${name} io.airbyte.version=0.1.${i}\n`);
    writeFile(root, `${dir}/acceptance-test-config.yml`, `connector_image: airbyte/${name}:dev\nacceptance_tests:\n  spec:\n    tests:\n      - spec_path: spec.json\n`);
    writeFile(root, `${dir}/README.md`, `# ${name}\n`);
    if (language === 'python') {
      writeFile(root, `${dir}/main.py`, `print("${name}")\n`);
      writeFile(root, `${dir}/requirements.txt`, 'requests==2.31.0\n');
      writeFile(root, `${dir}/unit_tests/test_spec.py`, 'def test_spec():\n    assert True\n');
    } else if (language === 'typescript') {
      writeFile(root, `${dir}/package.json`, `${JSON.stringify({ name: `@bench/${name}`, version: '0.1.0', scripts: { build: 'tsc', test: 'node --test' } }, null, 2)}\n`);
      writeFile(root, `${dir}/src/index.ts`, `export const name = '${name}';\n`);
    } else {
      writeFile(root, `${dir}/main.sh`, `#!/bin/sh\necho ${name}\n`);
    }
  }
}

function connectorName(i) {
  return `${i % 5 === 4 ? 'destination' : 'source'}-bench-${String(i).padStart(3, '0')}`;
}

/** project.json files with what the plugin infers (its own createNodes and createDependencies), edges as implicitDependencies. */
function declareWhatThePluginInfers(inferred, declared) {
  const plugin = require(path.join(REPO_ROOT, 'packages/nx-plugin/dist/index.js'));
  const dockerfiles = [...BASES.map((base) => `${BASES_DIR}/${base}/Dockerfile`), ...fs.readdirSync(path.join(inferred, CONNECTORS_DIR)).map((name) => `${CONNECTORS_DIR}/${name}/Dockerfile`)];
  const results = plugin.createNodes[1](dockerfiles, undefined, { workspaceRoot: inferred, nxJsonConfiguration: {} });
  const projects = {};
  for (const [, result] of results) for (const [root, project] of Object.entries(result.projects ?? {})) projects[project.name] = { root, ...project };
  const dependencies = plugin.createDependencies(undefined, { workspaceRoot: inferred, projects, nxJsonConfiguration: {}, externalNodes: {}, fileMap: { projectFileMap: {}, nonProjectFiles: [] }, filesToProcess: { projectFileMap: {}, nonProjectFiles: [] } });
  for (const project of Object.values(projects)) {
    const implicitDependencies = dependencies.filter((dependency) => dependency.source === project.name).map((dependency) => dependency.target);
    const { root, ...config } = project;
    writeFile(declared, `${root}/project.json`, `${JSON.stringify({ ...config, ...(implicitDependencies.length ? { implicitDependencies } : {}) }, null, 2)}\n`);
  }
}

function expectedProjects(connectors) {
  return [...BASES, ...Array.from({ length: connectors }, (_, i) => connectorName(i))].sort();
}

/**
 * `nx show projects` printed only names of the workspace. Returns 1 when it printed fewer than all: Nx
 * sometimes exits before the end of its output reaches the pipe (the graph was complete; checkSameGraph
 * checks it through a file).
 */
function checkListing(variant, stdout, expected) {
  const names = stdout.split('\n').filter(Boolean);
  const unknown = names.filter((name) => !expected.includes(name));
  if (unknown.length > 0) throw new Error(`${variant.key}: nx show projects printed what is not a project of the workspace: ${unknown.slice(0, 5).join(', ')}`);
  return names.length === expected.length ? 0 : 1;
}

/** The same projects, edges and targets (name and executor or command) in both workspaces, from `nx graph --file`. */
function checkSameGraph(variants, coldGraph, expected) {
  const graphs = variants.map((variant) => {
    coldGraph(variant.root, {}, ['graph', '--file=graph.json']);
    const graph = JSON.parse(fs.readFileSync(path.join(variant.root, 'graph.json'), 'utf8')).graph;
    // Nx gives a project.json project with a package.json next to it an nx-release-publish target of its own
    const targets = Object.entries(graph.nodes).flatMap(([name, node]) =>
      Object.entries(node.data.targets ?? {})
        .filter(([target]) => target !== 'nx-release-publish')
        .map(([target, config]) => `${name}:${target}=${config.executor ?? config.command}`),
    );
    const edges = Object.entries(graph.dependencies).flatMap(([source, deps]) => deps.map((dep) => `${source}->${dep.target}`));
    return { variant: variant.key, nodes: Object.keys(graph.nodes).sort(), edges: edges.sort(), targets: targets.sort() };
  });
  if (graphs[0].nodes.join() !== expected.join()) throw new Error(`${graphs[0].variant}: the graph has ${graphs[0].nodes.length} projects, expected ${expected.length}`);
  for (const part of ['nodes', 'edges', 'targets']) {
    if (graphs[0][part].join('\n') !== graphs[1][part].join('\n')) {
      throw new Error(`the two graphs differ in their ${part}: ${graphs[0][part].length} vs ${graphs[1][part].length}, e.g. ${graphs[0][part].find((x) => !graphs[1][part].includes(x)) ?? graphs[1][part].find((x) => !graphs[0][part].includes(x))}`);
    }
  }
  if (graphs[0].edges.length < expected.length - BASES.length) throw new Error(`only ${graphs[0].edges.length} edges: every connector should depend on its base image`);
}

/** One NX_PERF_LOGGING run per variant: the measures that explain the difference. */
function perfBreakdown(variants, coldGraph) {
  const keep = /^(start-plugin-worker|Load Nx Plugin|loadSpecifiedNxPlugins|loadDefaultNxPlugins|createProjectGraphAsync$|build-project-configs|createNodes:merge|.*:createNodes|.*:createDependencies|createDependencies|plugin worker \d+ code loading)/;
  const lines = ['Where the time goes (one `NX_PERF_LOGGING=true` run each, ms):', '', '| measure | plugin | project.json |', '|---|---|---|'];
  const measures = variants.map((variant) => {
    const { stdout, stderr } = coldGraph(variant.root, { NX_PERF_LOGGING: 'true' });
    const found = new Map();
    for (const match of `${stdout}\n${stderr}`.matchAll(/Time taken for '([^']+)' ([\d.]+)ms/g)) {
      const name = match[1].replace(/^plugin worker \d+/, 'plugin worker').replace(REPO_ROOT + '/node_modules/', '');
      if (keep.test(match[1])) found.set(found.has(name) ? `${name} (${[...found.keys()].filter((k) => k.startsWith(name)).length + 1})` : name, Number(match[2]));
    }
    return found;
  });
  const names = [...new Set(measures.flatMap((found) => [...found.keys()]))];
  for (const name of names) lines.push(`| ${name} | ${measures[0].get(name)?.toFixed(0) ?? '–'} | ${measures[1].get(name)?.toFixed(0) ?? '–'} |`);
  return lines;
}

try {
  main();
} catch (error) {
  console.error(`nx-plugin-graph bench: ${error.message}`);
  process.exitCode = 1;
}
