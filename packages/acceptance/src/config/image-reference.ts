// Docker's reference grammar (distribution/reference), as regular expressions.
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*(?::[0-9]+)?)`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);

/** Why `reference` is not a Docker image reference, or undefined when it is one. */
export function imageReferenceProblem(reference: string): string | undefined {
  if (REFERENCE.test(reference)) return undefined;
  const lowercase = reference.toLowerCase();
  const hint = lowercase !== reference && REFERENCE.test(lowercase) ? '; repository names are lowercase' : '';
  return `"${reference}" is not a Docker image reference such as airbyte/source-example:dev${hint}`;
}

/** `airbyte/source-x:dev` -> `source-x`: the last path component, which names the connector's directory and Nx project. */
export function connectorNameOf(reference: string): string {
  const withoutDigest = reference.split('@')[0];
  const lastComponent = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  return lastComponent.split(':')[0];
}
