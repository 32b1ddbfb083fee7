import { parseExpectedRecords } from './expected-records';

describe('parseExpectedRecords', () => {
  it('reads record messages and RECORD envelopes by stream, dropping emitted_at', async () => {
    const file = [
      '{"stream": "pokemon", "data": {"id": 1, "name": "bulbasaur"}, "emitted_at": 1673989852000}',
      '',
      '{"type": "RECORD", "record": {"stream": "pokemon", "data": {"id": 2, "name": "ivysaur"}, "emitted_at": 1673989852000}}',
    ].join('\n');
    const { records, failures } = await parseExpectedRecords([Buffer.from(file)]);
    expect(failures).toEqual([]);
    expect(records.get('pokemon')).toEqual([{ id: 1, name: 'bulbasaur' }, { id: 2, name: 'ivysaur' }]);
  });

  it('names the line that is not a record', async () => {
    const { failures } = await parseExpectedRecords('{"stream": "pokemon", "data": {"id": 1}}\n{"stream": "pokemon"}\nnot json\n');
    expect(failures.map((failure) => failure.message)).toEqual([
      "expected records, line 2: not a record (needs a string 'stream' and an object 'data')",
      expect.stringMatching(/^expected records, line 3: not JSON/),
    ]);
  });
});
