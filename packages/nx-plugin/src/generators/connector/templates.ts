/** The templates of `nx g connector`: Airbyte's generator menu plus the TypeScript CDK from Faros. */
export const TEMPLATE_IDS = [
  'python-source',
  'python-http-api-source',
  'singer-python-source',
  'generic-source',
  'python-destination',
  'java-destination',
  'typescript-source',
  'typescript-destination',
] as const;

export type TemplateId = (typeof TEMPLATE_IDS)[number];

export type ConnectorType = 'source' | 'destination';
export type TemplateLanguage = 'python' | 'typescript' | 'java' | 'generic';

export interface ConnectorTemplate {
  id: TemplateId;
  connectorType: ConnectorType;
  language: TemplateLanguage;
  /** Folders under files/ rendered into the connector folder, in order (a later one may override a file). */
  fileSets: readonly string[];
  /**
   * How the connector builds on a machine like this one: `offline` (Debian packages and, for
   * TypeScript, npm on the host) or the registry it needs and the reason it cannot build here.
   */
  builds: 'offline' | 'needs PyPI' | 'needs Maven Central';
  /** What the success message tells to run after the TODOs. */
  nextSteps: readonly string[];
}

const NX_STEPS = ['npx nx run {project}:build', 'npx nx run {project}:integrationTest'];

export const TEMPLATES: Record<TemplateId, ConnectorTemplate> = {
  'python-source': {
    id: 'python-source',
    connectorType: 'source',
    language: 'python',
    fileSets: ['common', 'example-source', 'python-source'],
    builds: 'offline',
    nextSteps: NX_STEPS,
  },
  'python-http-api-source': {
    id: 'python-http-api-source',
    connectorType: 'source',
    language: 'python',
    fileSets: ['common', 'python-cdk-common', 'python-http-api-source'],
    builds: 'needs PyPI',
    nextSteps: NX_STEPS,
  },
  'singer-python-source': {
    id: 'singer-python-source',
    connectorType: 'source',
    language: 'python',
    fileSets: ['common', 'python-cdk-common', 'singer-python-source'],
    builds: 'needs PyPI',
    nextSteps: NX_STEPS,
  },
  'generic-source': {
    id: 'generic-source',
    connectorType: 'source',
    language: 'generic',
    fileSets: ['common', 'example-source', 'generic-source'],
    builds: 'offline',
    nextSteps: NX_STEPS,
  },
  'python-destination': {
    id: 'python-destination',
    connectorType: 'destination',
    language: 'python',
    fileSets: ['common', 'example-destination', 'python-destination'],
    builds: 'offline',
    nextSteps: NX_STEPS,
  },
  'java-destination': {
    id: 'java-destination',
    connectorType: 'destination',
    language: 'java',
    fileSets: ['common', 'example-destination', 'java-destination'],
    builds: 'needs Maven Central',
    nextSteps: ['./gradlew :airbyte-integrations:connectors:{project}:distTar (where Maven Central and Airbyte\'s base-java are reachable)', 'npx nx run {project}:build'],
  },
  'typescript-source': {
    id: 'typescript-source',
    connectorType: 'source',
    language: 'typescript',
    fileSets: ['common', 'example-source', 'typescript-common', 'typescript-source'],
    builds: 'offline',
    nextSteps: NX_STEPS,
  },
  'typescript-destination': {
    id: 'typescript-destination',
    connectorType: 'destination',
    language: 'typescript',
    fileSets: ['common', 'example-destination', 'typescript-common', 'typescript-destination'],
    builds: 'offline',
    nextSteps: NX_STEPS,
  },
};

export function isTemplateId(value: unknown): value is TemplateId {
  return typeof value === 'string' && (TEMPLATE_IDS as readonly string[]).includes(value);
}
