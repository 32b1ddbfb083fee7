export interface BumpVersionGeneratorSchema {
  project: string;
  /** major, minor, patch or x.y.z */
  bump: string;
  changelog?: string;
  docsPage?: string;
  connectorsDir?: string;
  definitionsDir?: string;
}
