import { createDockerClient } from '../engine-client';
import { liveContainerCount, trackLiveContainer } from './live-containers';

describe('trackLiveContainer', () => {
  const client = createDockerClient({ host: 'unix:///var/run/docker.sock' });

  it('listens to SIGINT and SIGTERM only while a container is live', () => {
    const sigintBefore = process.listenerCount('SIGINT');
    const sigtermBefore = process.listenerCount('SIGTERM');
    const forgetFirst = trackLiveContainer(client, 'first');
    const forgetSecond = trackLiveContainer(client, 'second');
    expect(process.listenerCount('SIGINT')).toBe(sigintBefore + 1);
    expect(process.listenerCount('SIGTERM')).toBe(sigtermBefore + 1);
    expect(liveContainerCount()).toBe(2);
    forgetFirst();
    expect(process.listenerCount('SIGINT')).toBe(sigintBefore + 1);
    forgetSecond();
    expect(process.listenerCount('SIGINT')).toBe(sigintBefore);
    expect(process.listenerCount('SIGTERM')).toBe(sigtermBefore);
    expect(liveContainerCount()).toBe(0);
  });
});
