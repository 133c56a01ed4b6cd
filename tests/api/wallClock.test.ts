/**
 * The worker's clock (worker/wallClock.ts) in Node: a yield (`later(fn, 0)`) lets a message
 * waiting on another port in at once — as the page's calls over Comlink must get in between
 * a replay's slices. A MessagePort chain would not: Node drains a port's messages a
 * thousand at a time. (Chromium's path, a MessageChannel, is what the browser tests' loads,
 * cancels and progress run on.)
 */
import { describe, expect, it } from 'vitest';
import { wallClock } from '../../worker/wallClock';

describe('wallClock', () => {
  it('a chain of yields lets a message waiting on another port in before its second yield', async () => {
    const clock = wallClock();
    const other = new MessageChannel();
    let arrived = -1;
    let yields = 0;
    other.port1.onmessage = () => {
      arrived = yields;
      other.port1.close();
    };
    other.port2.postMessage('a call from the page');
    await new Promise<void>((done) => {
      const step = () => (arrived >= 0 || ++yields >= 5000 ? done() : clock.later(step, 0));
      clock.later(step, 0);
    });
    expect(arrived).toBeGreaterThanOrEqual(0);
    expect(arrived).toBeLessThanOrEqual(1);
  });
});
