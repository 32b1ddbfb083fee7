import { MASK, MIN_SECRET_LENGTH, SecretMasker } from './secret-masker';

describe('SecretMasker.mask', () => {
  it('replaces every occurrence of each secret', () => {
    const masker = new SecretMasker(['sk_live_51H8', 'hunter22']);

    expect(masker.mask('key sk_live_51H8, password hunter22, again sk_live_51H8')).toBe(`key ${MASK}, password ${MASK}, again ${MASK}`);
  });

  it('masks the longest secret first, so one that contains another is hidden whole', () => {
    const masker = new SecretMasker(['token', 'token-with-suffix']);

    expect(masker.mask('Bearer token-with-suffix')).toBe(`Bearer ${MASK}`);
  });

  it(`leaves values shorter than ${MIN_SECRET_LENGTH} characters alone`, () => {
    const masker = new SecretMasker(['abc', '', '42']);

    expect(masker.size).toBe(0);
    expect(masker.mask('abc 42 abcd')).toBe('abc 42 abcd');
  });

  it('masks a secret as it reads inside a JSON string', () => {
    const secret = 'pa"ss\\word';
    const masker = new SecretMasker([secret]);

    expect(masker.mask(JSON.stringify({ password: secret }))).toBe(`{"password":"${MASK}"}`);
  });

  it('masks a secret as it reads URL-encoded', () => {
    const masker = new SecretMasker(['a+b/c=d']);

    expect(masker.mask('GET /rates?key=a%2Bb%2Fc%3Dd')).toBe(`GET /rates?key=${MASK}`);
  });

  it('masks each line of a multi-line secret, such as a private key printed line by line', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const masker = new SecretMasker([key]);

    expect(masker.mask('loaded MIIEvQIBADANBgkqhkiG9w0BAQEFAASC from config')).toBe(`loaded ${MASK} from config`);
  });

  it('treats regular-expression characters in secrets as plain text', () => {
    const masker = new SecretMasker(['a.b*c']);

    expect(masker.mask('aXbbbc a.b*c')).toBe(`aXbbbc ${MASK}`);
  });

  it('rejects secrets that are not text with a clear error', () => {
    expect(() => new SecretMasker([12345 as unknown as string])).toThrow('must be text; got a secret of type number');
    expect(() => new SecretMasker(undefined as unknown as string[])).toThrow('SecretMasker needs a list of secret values');
  });
});

describe('SecretMasker.maskValue', () => {
  const masker = new SecretMasker(['s3cr3t-t0k3n', '987654321']);

  it('masks strings at any depth, keys included, and leaves the input untouched', () => {
    const value = { auth: { token: 's3cr3t-t0k3n', list: ['Bearer s3cr3t-t0k3n'] }, 's3cr3t-t0k3n': true };

    expect(masker.maskValue(value)).toEqual({ auth: { token: MASK, list: [`Bearer ${MASK}`] }, [MASK]: true });
    expect(value.auth.token).toBe('s3cr3t-t0k3n');
  });

  it('replaces a number that spells a secret', () => {
    expect(masker.maskValue({ pin: 987654321, count: 12 })).toEqual({ pin: MASK, count: 12 });
  });
});
