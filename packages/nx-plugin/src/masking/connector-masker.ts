import * as path from 'node:path';
import { readConnectorSecretValues, SecretMasker } from '@nx-airbyte/acceptance';

/**
 * The masker for everything an executor prints or writes about a connector: every value of its
 * secrets/ files, plus `extra` values (a registry password). Spec fields marked airbyte_secret are
 * masked on top of this by the acceptance run, which knows the spec.
 */
export function connectorMasker(workspaceRoot: string, projectRoot: string, extra: readonly string[] = []): SecretMasker {
  return new SecretMasker([...readConnectorSecretValues([path.join(workspaceRoot, projectRoot)]), ...extra]);
}
