import { distinguishingParams } from './entry-params';

describe('distinguishingParams', () => {
  it('gives no parameters to a single entry', () => {
    expect(distinguishingParams([[['status', 'succeed']]])).toBeUndefined();
  });

  it('uses the first value that differs between entries', () => {
    const params = distinguishingParams([
      [
        ['status', 'succeed'],
        ['config_path', 'secrets/config.json'],
      ],
      [
        ['status', 'failed'],
        ['config_path', 'integration_tests/invalid_config.json'],
      ],
    ]);

    expect(params).toEqual([{ status: 'succeed' }, { status: 'failed' }]);
  });

  it('skips values that are the same for every entry', () => {
    const params = distinguishingParams([
      [
        ['status', 'succeed'],
        ['config_path', 'secrets/config.json'],
      ],
      [
        ['status', 'succeed'],
        ['config_path', 'secrets/config_oauth.json'],
      ],
    ]);

    expect(params).toEqual([{ config_path: 'secrets/config.json' }, { config_path: 'secrets/config_oauth.json' }]);
  });

  it('adds values until every entry is told apart', () => {
    const params = distinguishingParams([
      [
        ['status', 'succeed'],
        ['config_path', 'secrets/a.json'],
      ],
      [
        ['status', 'succeed'],
        ['config_path', 'secrets/b.json'],
      ],
      [
        ['status', 'failed'],
        ['config_path', 'secrets/a.json'],
      ],
    ]);

    expect(params).toEqual([
      { status: 'succeed', config_path: 'secrets/a.json' },
      { status: 'succeed', config_path: 'secrets/b.json' },
      { status: 'failed', config_path: 'secrets/a.json' },
    ]);
  });

  it('numbers entries that no value tells apart', () => {
    const same: Array<[string, string]> = [['config_path', 'secrets/config.json']];

    expect(distinguishingParams([same, same])).toEqual([{ entry: '1' }, { entry: '2' }]);
  });
});
