import { TestDeadline } from './test-deadline';

describe('TestDeadline', () => {
  it('gives each container run what is left of the test time, then nothing', () => {
    let now = 1_000;
    const deadline = new TestDeadline('incremental.test_read_sequential_slices', 5_000, () => now);

    expect(deadline.remainingMs()).toBe(5_000);
    now += 3_500;
    expect(deadline.remainingMs()).toBe(1_500);
    expect(deadline.expired).toBe(false);
    now += 2_000;
    expect(deadline.remainingMs()).toBe(0);
    expect(deadline.expired).toBe(true);
  });

  it('names the test and its limit in the failure', () => {
    expect(new TestDeadline('full_refresh.test_sequential_reads', 1_200_000).timedOut('read 2 was killed').message).toBe(
      'full_refresh.test_sequential_reads timed out after 1200 s (timeout_seconds, one limit for all the container runs of the test): read 2 was killed',
    );
  });
});
