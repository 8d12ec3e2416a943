import { expect } from 'chai';
import { DAY, GROUP, HOUR, rawMessage, record, useCloudWatch } from './helpers.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('cloudwatch: chronological batches within 24 hours', () => {
  // The server and the transport share a fixed clock, so timestamps up to 14 days old are fine.
  const cw = useCloudWatch({ now: () => NOW });
  const make = (options = {}) => cw.make({ format: rawMessage, now: () => NOW, ...options });
  const putSizes = () => cw.server.requests('PutLogEvents').map((request) => request.eventCount);

  describe('order', () => {
    it('sorts a batch of records that arrived out of order (the service refuses unsorted batches)', async () => {
      // Prepare
      const transport = make();
      const times = [5, 1, 4, 2, 3, 0].map((offset) => NOW - 1_000 + offset);
      // Act
      for (const [i, time] of times.entries()) transport.write(record(`t${time - NOW + 1_000} #${i}`, time));
      await transport.flush();
      // Assess
      expect(transport.stats()).to.include({ sent: 6, failures: 0 });
      expect(cw.server.messages(GROUP)).to.deep.equal(['t0 #5', 't1 #1', 't2 #3', 't3 #4', 't4 #2', 't5 #0']);
      const sent = (cw.server.requests('PutLogEvents')[0]?.input?.logEvents ?? []) as { timestamp: number }[];
      const sentOrder = sent.map((event) => event.timestamp);
      expect(sentOrder).to.have.length(6);
      expect(sentOrder).to.deep.equal([...sentOrder].sort((a, b) => a - b));
    });

    it('keeps the logged order of records with the same timestamp', async () => {
      // Prepare
      const transport = make();
      const messages = Array.from({ length: 50 }, (_, i) => `same ms ${i}`);
      // Act
      transport.write(record('later', NOW - 10));
      for (const message of messages) transport.write(record(message, NOW - 20));
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal([...messages, 'later']);
    });
  });

  describe('24-hour span', () => {
    it('sends events exactly 24 hours apart in one call', async () => {
      // Prepare
      const transport = make();
      // Act
      transport.write(record('first', NOW - 2 * DAY));
      transport.write(record('last', NOW - DAY));
      await transport.flush();
      // Assess
      expect(putSizes()).to.deep.equal([2]);
      expect(cw.server.messages(GROUP)).to.deep.equal(['first', 'last']);
    });

    it('cuts the batch when the next event would make it span 24 hours and 1 ms', async () => {
      // Prepare
      const transport = make();
      // Act
      transport.write(record('first', NOW - 2 * DAY));
      transport.write(record('middle', NOW - 1.5 * DAY));
      transport.write(record('last', NOW - DAY + 1));
      await transport.flush();
      // Assess
      expect(putSizes()).to.deep.equal([2, 1]);
      expect(cw.server.messages(GROUP)).to.deep.equal(['first', 'middle', 'last']);
      expect(transport.stats()).to.include({ sent: 3, failures: 0 });
    });

    it('measures the span from the earliest and latest event, even out of order', async () => {
      // Prepare: the first event is neither the earliest nor the latest of its batch
      const transport = make();
      // Act
      transport.write(record('middle', NOW - 5 * DAY));
      transport.write(record('earliest', NOW - 5 * DAY - 12 * HOUR));
      transport.write(record('latest', NOW - 5 * DAY + 12 * HOUR)); // exactly 24 h after the earliest: fits
      transport.write(record('too late', NOW - 5 * DAY + 12 * HOUR + 1)); // 24 h and 1 ms: next batch
      transport.write(record('too early', NOW - 5 * DAY - 12 * HOUR - 1)); // far from 'too late': next batch again
      await transport.flush();
      // Assess
      expect(putSizes()).to.deep.equal([3, 1, 1]);
      expect(transport.stats()).to.include({ sent: 5, failures: 0 });
    });

    it('delivers a backlog spread over 10 days in as few calls as the span allows', async () => {
      // Prepare: one event every hour for 10 days, in order
      const transport = make();
      const start = NOW - 10 * DAY;
      // Act
      for (let hour = 0; hour < 240; hour++) transport.write(record(`h${hour}`, start + hour * HOUR));
      await transport.flush();
      // Assess: 25 events (0 h .. 24 h) per batch
      expect(putSizes()).to.deep.equal([25, 25, 25, 25, 25, 25, 25, 25, 25, 15]);
      expect(cw.server.events(GROUP)).to.have.length(240);
    });
  });
});
