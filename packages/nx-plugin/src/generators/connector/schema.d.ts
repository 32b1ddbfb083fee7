import type { TemplateId } from './templates';

/** Options of `nx g connector` (schema.json). */
export interface ConnectorGeneratorSchema {
  template: TemplateId;
  /** Without the source-/destination- prefix, e.g. `my-api`. */
  name: string;
  /** singer-python-source: the tap package; default `tap-<name>`. */
  tap?: string;
  /** The definition's UUID; default random, or derived from the name when CI is set. */
  definitionId?: string;
  /** Default: the plugin's connectorsDir option in nx.json, else airbyte-integrations/connectors. */
  connectorsDir?: string;
  /** Default airbyte-config/init/src/main/resources. */
  definitionsDir?: string;
  /** Default docs/integrations. */
  docsDir?: string;
}
