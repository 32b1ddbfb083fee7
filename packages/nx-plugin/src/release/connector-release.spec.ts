import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_DEFINITIONS_DIR } from '../generators/connector/definitions';
import { DEFAULT_PLUGIN_OPTIONS } from '../plugin/options';
import { readConnectorRelease, releaseDisagreements } from './connector-release';
import { diskFiles } from './workspace-files';

const WORKSPACE_ROOT = path.join(__dirname, '../../../..');

describe("this repository's connectors", () => {
  const connectors = readdirSync(path.join(WORKSPACE_ROOT, DEFAULT_PLUGIN_OPTIONS.connectorsDir)).sort();

  it.each(connectors)('%s: Dockerfile label, definitions entry and JSON definition agree, so it can be bumped and published', (connector) => {
    const release = readConnectorRelease(diskFiles(WORKSPACE_ROOT), { projectRoot: `${DEFAULT_PLUGIN_OPTIONS.connectorsDir}/${connector}`, definitionsDir: DEFAULT_DEFINITIONS_DIR });
    expect(releaseDisagreements(release)).toEqual([]);
  });

  it('finds the docs page with the changelog of source-sample-orders', () => {
    const release = readConnectorRelease(diskFiles(WORKSPACE_ROOT), { projectRoot: `${DEFAULT_PLUGIN_OPTIONS.connectorsDir}/source-sample-orders`, definitionsDir: DEFAULT_DEFINITIONS_DIR });
    expect(release.docsPage?.path).toBe('docs/connectors/source-sample-orders.md');
  });
});
