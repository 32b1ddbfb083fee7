import { MASK, SecretMasker } from '../report/secret-masker';
import { SecretLeakWatch } from './secret-leaks';
import { secretNeverInOutput } from './source-suite';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';

function watchFor(secrets: string[]): SecretLeakWatch {
  const masker = new SecretMasker(secrets);
  return new SecretLeakWatch(secrets, (text) => masker.mask(text));
}

describe('SecretLeakWatch.scan', () => {
  it('flags a multi-line secret printed inside a JSON string, where its newlines are escaped', () => {
    const leaks = watchFor([PEM]);

    leaks.scan(JSON.stringify({ type: 'LOG', log: { level: 'INFO', message: `loaded key ${PEM}` } }), () => 'discovery (discover, stdout line 1)');

    expect(leaks.leaks().total).toBe(1);
    expect(leaks.leaks().kept[0].where).toBe('discovery (discover, stdout line 1)');
    expect(leaks.leaks().kept[0].excerpt).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
  });

  it('flags a secret with a quote and a backslash printed inside a JSON string', () => {
    const secret = 'pa"ss\\word-1';
    const leaks = watchFor([secret]);

    leaks.scan(JSON.stringify({ type: 'LOG', log: { level: 'INFO', message: `password=${secret}` } }), () => 'here');

    expect(leaks.leaks().total).toBe(1);
  });

  it('flags a URL-encoded secret and one line of a multi-line secret', () => {
    const leaks = watchFor(['a+b/c=d', PEM]);

    leaks.scan('GET /rates?key=a%2Bb%2Fc%3Dd', () => 'url');
    leaks.scan('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', () => 'pem line');

    expect(leaks.leaks().kept.map((leak) => leak.where)).toEqual(['url', 'pem line']);
  });

  it('masks a secret that straddles the cut of the excerpt', () => {
    const secret = 'straddling-secret-value';
    const leaks = watchFor([secret]);

    leaks.scan(`${'x'.repeat(150)}${secret} and more`, () => 'here');

    expect(leaks.leaks().kept[0].excerpt).toBe(`${'x'.repeat(150)}${MASK}`);
  });
});

describe('SecretLeakWatch before the secrets are known', () => {
  it('judges the lines printed before settle once the secrets are known: a secret value is a leak, another config value is not', () => {
    let masker = new SecretMasker([]);
    const leaks = new SecretLeakWatch([], (text) => masker.mask(text));
    leaks.watchCandidates(['key-early-secret', 'https://api.example.com']);

    leaks.scan('connecting to https://api.example.com', () => 'discover line 1');
    leaks.scan('with key key-early-secret', () => 'discover line 2');
    leaks.scan('nothing here', () => 'discover line 3');
    masker = new SecretMasker(['key-early-secret']);
    leaks.settle(['key-early-secret']);
    leaks.scan('again key-early-secret', () => 'read line 1');

    const { kept, total } = leaks.leaks();
    expect(total).toBe(2);
    expect(kept).toEqual([
      { where: 'discover line 2', excerpt: `with key ${MASK}` },
      { where: 'read line 1', excerpt: `again ${MASK}` },
    ]);
  });

  it('counts every early line holding a secret, keeping only the first 20 of each value', () => {
    const leaks = new SecretLeakWatch([], (text) => text);
    leaks.watchCandidates(['key-early-secret', 'not-a-secret']);
    for (let line = 1; line <= 30; line++) leaks.scan(`line ${line}: key-early-secret not-a-secret`, () => `line ${line}`);
    leaks.scan('only not-a-secret', () => 'line 31');

    leaks.settle(['key-early-secret']);

    expect(leaks.leaks().total).toBe(30);
    expect(leaks.leaks().kept).toHaveLength(20);
  });

  it('fails test_secret_never_in_the_output, saying why, when the spec could not be had', () => {
    const leaks = new SecretLeakWatch([], (text) => text);
    leaks.watchCandidates(['key-early-secret']);

    leaks.settleUnknown('spec: the connector exited with code 1');

    const outcome = secretNeverInOutput(leaks);
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.failures[0].message).toMatch(/which config fields are secret \(airbyte_secret\) is unknown because the spec could not be had.*exited with code 1/);
  });
});
