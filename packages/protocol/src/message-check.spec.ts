import { checkMessage } from './message-check';

describe('checkMessage', () => {
  it('returns undefined for a valid message', () => {
    expect(checkMessage({ type: 'RECORD', record: { stream: 'users', data: { id: 1 }, emitted_at: 1700000000000 } })).toBeUndefined();
  });

  it('says which message type, where and what was expected', () => {
    expect(checkMessage({ type: 'RECORD', record: { stream: 'users', data: {}, emitted_at: '1700000000000' } })).toBe(
      'RECORD message: /record/emitted_at must be integer (got string "1700000000000")',
    );
  });

  it('lists the first three problems and counts the rest', () => {
    const reason = checkMessage({ type: 'TRACE', trace: { type: 'ERROR', emitted_at: 'now', error: { message: 1, internal_message: 2, stack_trace: 3 } } });
    expect(reason).toBe(
      'TRACE message: /trace/emitted_at must be number (got string "now"); /trace/error/message must be string (got number 1); /trace/error/internal_message must be string (got number 2); and 1 more',
    );
  });

  it('shortens a long offending value', () => {
    const reason = checkMessage({ type: 'LOG', log: 'x'.repeat(500) });
    expect(reason).toBe(`LOG message: /log must be object (got string "${'x'.repeat(60)}…")`);
  });

  it('explains values that are not messages at all', () => {
    expect(checkMessage(null)).toBe('not a JSON object: must be object (got null)');
    expect(checkMessage('RECORD')).toBe('not a JSON object: must be object (got string "RECORD")');
    expect(checkMessage({ type: 5 })).toMatch(/^unknown message type: \/type must be one of RECORD, .* \(got number 5\)$/);
  });
});
