import type { ErrorDisposition, SendResult } from '@cloudlog/core';
import { expect } from 'chai';
import { expectIdentity, queueFactory, settleCallbacks } from './fixtures/queue-harness.js';

/** Small deterministic PRNG (mulberry32), so a failing run can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('BatchQueue stats', () => {
  const createQueue = queueFactory();

  it('starts at zero', () => {
    // Prepare
    const queue = createQueue<number>({ send: () => Promise.resolve() });

    // Act
    const stats = queue.stats();

    // Assess
    expect(stats).to.deep.equal({
      enqueued: 0,
      sent: 0,
      retried: 0,
      dropped: {},
      droppedTotal: 0,
      droppedAtPush: 0,
      inFlight: 0,
      bufferedEvents: 0,
      bufferedBytes: 0,
      batches: 0,
      failures: 0,
    });
  });

  it('returns a fresh snapshot that later activity does not change', async () => {
    // Prepare
    const queue = createQueue<number>({ send: () => Promise.resolve() });
    const before = queue.stats();

    // Act
    queue.push(1, 1);
    await queue.flush();

    // Assess
    expect(before.enqueued).to.equal(0);
    expect(queue.stats().enqueued).to.equal(1);
  });

  for (const seed of [1, 2, 3]) {
    it(`keeps enqueued + droppedAtPush = sent + droppedTotal + bufferedEvents, and the bounds, at every step (seed ${seed})`, async () => {
      // Prepare
      const random = seededRandom(seed);
      const maxBufferedEvents = 60;
      const maxBufferedBytes = 3_000;
      const observed: Array<() => void> = [];
      const queue = createQueue<number>({
        maxBatchEvents: 8,
        maxBatchBytes: 400,
        maxBufferedEvents,
        maxBufferedBytes,
        maxInFlight: 2,
        flushIntervalMs: 3,
        retry: { baseDelayMs: 1, maxDelayMs: 4, maxAttempts: 3 },
        random,
        send: (batch) => {
          observed.push(() => expectIdentity(queue.stats()));
          const roll = random();
          const delayMs = Math.floor(random() * 3);
          return new Promise<SendResult | undefined>((resolve, reject) => {
            setTimeout(() => {
              if (roll < 0.55) resolve(undefined);
              else if (roll < 0.65) resolve({ dropped: { too_old: Math.ceil(batch.length / 3) } });
              else reject(Object.assign(new Error('fault'), { roll }));
            }, delayMs);
          });
        },
        classifyError: (error): ErrorDisposition => {
          const roll = (error as { roll: number }).roll;
          if (roll < 0.8) return { action: 'retry' };
          if (roll < 0.9) return { action: 'split', reason: 'invalid' };
          return { action: 'drop', reason: 'rejected' };
        },
      });

      // Act
      let pushed = 0;
      for (let step = 0; step < 400; step++) {
        const roll = random();
        if (roll < 0.9) {
          const bytes = roll < 0.02 ? 500 : roll < 0.03 ? Number.NaN : 1 + Math.floor(random() * 120);
          queue.push(step, bytes);
          pushed++;
        } else if (roll < 0.95) {
          await queue.flush(Math.floor(random() * 5));
        } else {
          await settleCallbacks();
        }
        const stats = queue.stats();
        expectIdentity(stats);
        expect(stats.bufferedEvents).to.be.at.most(maxBufferedEvents);
        expect(stats.bufferedBytes).to.be.at.most(maxBufferedBytes);
      }
      await queue.close(2_000);

      // Assess
      for (const check of observed) check();
      const stats = queue.stats();
      expectIdentity(stats);
      expect(stats.enqueued + stats.droppedAtPush).to.equal(pushed);
      expect(stats).to.deep.include({ bufferedEvents: 0, bufferedBytes: 0, inFlight: 0 });
      expect(stats.sent + stats.droppedTotal).to.equal(pushed);
      expect(stats.dropped.closed ?? 0, 'close() had time to settle everything').to.equal(0);
    });
  }
});
