import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

// A connector ready to publish: a sh connector FROM debian:bookworm-slim that answers spec (and check),
// its seed entry and STANDARD_SOURCE_DEFINITION JSON, all at version 0.1.0, its image named for one test run.
export const TEST_RUN_LABEL = 'io.nx-airbyte.test-run';
export const DEFINITIONS_DIR = 'airbyte-config/init/src/main/resources';
export const SEED_FILE = `${DEFINITIONS_DIR}/seed/source_definitions.yaml`;
export const SPEC_CACHE_FILE = `${DEFINITIONS_DIR}/seed/source_specs.yaml`;
export const DEFINITION_ID = '7b0d1c2e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
export const STANDARD_FILE = `${DEFINITIONS_DIR}/config/STANDARD_SOURCE_DEFINITION/${DEFINITION_ID}.json`;

export interface PublishFixture {
  projectName: string;
  projectRoot: string;
  /** io.airbyte.name */
  imageName: string;
}

/** `greeting` changes the spec's title, so that a rebuilt image has another digest. */
export function connectorScript(greeting: string): string {
  return `#!/bin/sh
case "$1" in
  spec) echo '{"type":"SPEC","spec":{"documentationUrl":"https://example.com/publish-fixture","connectionSpecification":{"title":"${greeting}","type":"object","properties":{"api_key":{"type":"string","airbyte_secret":true},"region":{"type":"string"}}}}}' ;;
  check) echo '{"type":"CONNECTION_STATUS","connectionStatus":{"status":"SUCCEEDED"}}' ;;
  *) echo "unsupported: $1" >&2; exit 2 ;;
esac
`;
}

export function writePublishFixture(workspaceRoot: string, runId: string, projectName = 'source-publish-fixture'): PublishFixture {
  const imageName = `nx-airbyte-test/${projectName}-${runId}`;
  const projectRoot = `airbyte-integrations/connectors/${projectName}`;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(workspaceRoot, file)), { recursive: true });
    writeFileSync(path.join(workspaceRoot, file), text);
  };
  write(
    `${projectRoot}/Dockerfile`,
    `FROM debian:bookworm-slim\nCOPY connector.sh /connector.sh\nENV AIRBYTE_ENTRYPOINT="/bin/sh /connector.sh"\nENTRYPOINT ["/bin/sh", "/connector.sh"]\nLABEL ${TEST_RUN_LABEL}=${runId}\nLABEL io.airbyte.name=${imageName} io.airbyte.version=0.1.0\n`,
  );
  write(`${projectRoot}/connector.sh`, connectorScript('Publish fixture'));
  const entry = { name: 'Publish Fixture', sourceDefinitionId: DEFINITION_ID, dockerRepository: imageName, dockerImageTag: '0.1.0', documentationUrl: 'https://example.com/publish-fixture', sourceType: 'api', releaseStage: 'alpha' };
  write(SEED_FILE, `# sources\n- name: Publish Fixture\n  sourceDefinitionId: ${DEFINITION_ID}\n  dockerRepository: ${imageName}\n  dockerImageTag: 0.1.0\n  documentationUrl: https://example.com/publish-fixture\n  sourceType: api\n  releaseStage: alpha\n# SOURCE DEFINITION BY CODE GENERATOR\n`);
  write(STANDARD_FILE, `${JSON.stringify(entry, null, 2)}\n`);
  return { projectName, projectRoot, imageName };
}
