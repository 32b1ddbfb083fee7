/** The spellings of a connector name that templates use, after plop's helpers (dashCase, snakeCase, properCase, titleCase). */
export interface ConnectorNames {
  /** As typed and validated: `my-api`. */
  dash: string;
  /** Python modules, Java packages: `my_api`. */
  snake: string;
  /** Classes: `MyApi`. */
  proper: string;
  /** Titles and the definitions `name`: `My Api`. */
  title: string;
  /** Environment variables: `MY_API`. */
  constant: string;
}

/** Lowercase letters, digits and single dashes, starting with a letter (Java packages and Python modules cannot start with a digit). */
const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Words Java refuses as a package segment; the java-destination template puts the name in its package. */
const JAVA_KEYWORDS = new Set(
  (
    'abstract assert boolean break byte case catch char class const continue default do double else enum extends final finally float for goto if ' +
    'implements import instanceof int interface long native new package private protected public return short static strictfp super switch ' +
    'synchronized this throw throws transient try void volatile while true false null var record yield'
  ).split(' '),
);

/** Why `name` cannot be a connector name, or undefined when it can. */
export function connectorNameProblem(name: unknown, connectorType: 'source' | 'destination', language?: string): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return 'a connector name is required, e.g. --name my-api';
  if (name.startsWith(`${connectorType}-`)) {
    return `'${name}' already starts with '${connectorType}-': give the name without the prefix (e.g. '${name.slice(connectorType.length + 1)}'), the generator adds it`;
  }
  if (!NAME_PATTERN.test(name)) {
    return `'${name}' is not a valid connector name: use lowercase letters, digits and single dashes, starting with a letter (e.g. 'my-api', 'google-sheets2')`;
  }
  if (language === 'java' && name.split('-').some((word) => JAVA_KEYWORDS.has(word))) {
    return `'${name}' cannot be a Java package name (${name.replace(/-/g, '_')} contains a Java keyword): choose another name`;
  }
  return undefined;
}

export function connectorNames(dash: string): ConnectorNames {
  const words = dash.split('-');
  const capitalised = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return {
    dash,
    snake: words.join('_'),
    proper: capitalised.join(''),
    title: capitalised.join(' '),
    constant: words.join('_').toUpperCase(),
  };
}
