import { connectorNameOf, imageReferenceProblem } from './image-reference';

describe('imageReferenceProblem', () => {
  it.each(['airbyte/source-pokeapi:dev', 'example-source', 'localhost:5000/airbyte/source-x:1.0.0', 'airbyte/source-x@sha256:' + 'a'.repeat(64)])(
    'accepts %s',
    (reference) => {
      expect(imageReferenceProblem(reference)).toBeUndefined();
    },
  );

  it('rejects spaces and says what a reference looks like', () => {
    expect(imageReferenceProblem('source example')).toBe('"source example" is not a Docker image reference such as airbyte/source-example:dev');
  });

  it('says when only the case is wrong', () => {
    expect(imageReferenceProblem('Airbyte/Source-X:dev')).toContain('repository names are lowercase');
  });

  it('rejects an empty tag', () => {
    expect(imageReferenceProblem('airbyte/source-x:')).toBeDefined();
  });
});

describe('connectorNameOf', () => {
  it('is the last path component without tag or digest', () => {
    expect(connectorNameOf('airbyte/source-stripe:dev')).toBe('source-stripe');
    expect(connectorNameOf('localhost:5000/airbyte/source-x:1.0')).toBe('source-x');
    expect(connectorNameOf('example-source')).toBe('example-source');
    expect(connectorNameOf('airbyte/source-x@sha256:' + 'b'.repeat(64))).toBe('source-x');
  });
});
