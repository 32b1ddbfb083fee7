import { createDockerClient } from './engine-client';
import { InvalidOptionError } from './errors';
import { findImage, splitImageReference, tagImage } from './images';

describe('splitImageReference', () => {
  it('splits repository and tag', () => {
    expect(splitImageReference('airbyte/source-x:dev')).toEqual({ repository: 'airbyte/source-x', tag: 'dev' });
  });

  it('leaves the tag out when there is none', () => {
    expect(splitImageReference('airbyte/source-x')).toEqual({ repository: 'airbyte/source-x' });
  });

  it('does not mistake a registry port for a tag', () => {
    expect(splitImageReference('localhost:5000/airbyte/source-x')).toEqual({ repository: 'localhost:5000/airbyte/source-x' });
    expect(splitImageReference('localhost:5000/airbyte/source-x:1.2.3')).toEqual({ repository: 'localhost:5000/airbyte/source-x', tag: '1.2.3' });
  });

  it('reads a digest', () => {
    expect(splitImageReference('debian:bookworm-slim@sha256:abc')).toEqual({ repository: 'debian', tag: 'bookworm-slim', digest: 'sha256:abc' });
  });
});

describe('image functions given bad input', () => {
  const client = createDockerClient({ host: 'unix:///var/run/docker.sock' });

  it('reject an empty reference before talking to Docker', async () => {
    await expect(findImage(client, '')).rejects.toThrow(new InvalidOptionError('findImage', 'reference', 'must be an image reference like airbyte/source-x:dev, got ""'));
  });

  it('reject a client that is not one', async () => {
    await expect(findImage({} as never, 'x')).rejects.toThrow('findImage: option "client" must be a client from createDockerClient()');
  });

  it('reject a tag target with a digest', async () => {
    await expect(tagImage(client, 'a:1', 'b@sha256:abc')).rejects.toThrow('cannot contain a digest');
  });
});
