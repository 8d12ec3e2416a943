import { expect } from 'chai';
import { balances, DAY, GROUP, HOUR, rawMessage, record, STREAM, useCloudWatch } from './helpers.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('cloudwatch: events too old or too new', () => {
  describe('checked at write() against the injected clock', () => {
    // One clock for the server and the transport.
    const clock = { now: NOW };
    const cw = useCloudWatch({ now: () => clock.now });
    const make = (options = {}) => cw.make({ format: rawMessage, now: () => clock.now, ...options });
    beforeEach(() => {
      clock.now = NOW;
    });

    it('drops events over 14 days old or over 2 hours ahead before they are queued, and counts them', async () => {
      // Prepare
      const transport = make();
      // Act
      transport.write(record('14 days old: kept', NOW - 14 * DAY));
      transport.write(record('14 days and 1 ms old: dropped', NOW - 14 * DAY - 1));
      transport.write(record('2 hours ahead: kept', NOW + 2 * HOUR));
      transport.write(record('2 hours and 1 ms ahead: dropped', NOW + 2 * HOUR + 1));
      transport.write(record('a year old: dropped', NOW - 365 * DAY));
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(['14 days old: kept', '2 hours ahead: kept']);
      const stats = transport.stats();
      expect(stats.dropped).to.deep.equal({ too_old: 2, too_new: 1 });
      expect(stats).to.include({ enqueued: 2, sent: 2, droppedTotal: 3, droppedAtPush: 3 });
      expect(balances(stats)).to.equal(true);
      expect(cw.errors.map((error) => (error as { reason?: string }).reason)).to.include.members([
        'too_old',
        'too_new',
      ]);
    });

    it('drops events older than retentionInDays as expired', async () => {
      // Prepare
      const transport = make({ retentionInDays: 3 });
      // Act
      transport.write(record('2 days old', NOW - 2 * DAY));
      transport.write(record('4 days old', NOW - 4 * DAY));
      transport.write(record('20 days old', NOW - 20 * DAY));
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(['2 days old']);
      expect(transport.stats().dropped).to.deep.equal({ expired: 1, too_old: 1 });
    });

    it('follows the clock as it moves', async () => {
      // Prepare
      const transport = make();
      const time = NOW + 3 * HOUR;
      // Act
      transport.write(record('early', time));
      clock.now += HOUR;
      transport.write(record('on time', time));
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(['on time']);
      expect(transport.stats().dropped).to.deep.equal({ too_new: 1 });
    });
  });

  describe('rejected by the service (rejectedLogEventsInfo), when its clock disagrees with ours', () => {
    const serverNow = { value: NOW };
    const cw = useCloudWatch({ now: () => serverNow.value });

    it('counts the events the service rejected as too old and too new, and the rest as sent', async () => {
      // Prepare: our clock says NOW; the service's is 1 day ahead for the first put, 3 hours behind for the second
      const transport = cw.make({ format: rawMessage, now: () => NOW });
      serverNow.value = NOW + DAY;
      // Act
      transport.write(record('13.5 days old for us, 14.5 for the service', NOW - 13.5 * DAY));
      transport.write(record('fine 1', NOW - HOUR));
      await transport.flush();
      serverNow.value = NOW - 3 * HOUR;
      transport.write(record('fine 2', NOW - 2 * HOUR));
      transport.write(record('now for us, 3 h ahead for the service', NOW));
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(['fine 2', 'fine 1']);
      const stats = transport.stats();
      expect(stats.dropped).to.deep.equal({ too_old: 1, too_new: 1 });
      expect(stats).to.include({ enqueued: 4, sent: 2, droppedTotal: 2, droppedAtPush: 0, bufferedEvents: 0 });
      expect(balances(stats)).to.equal(true);
    });

    it('counts events older than the group retention as expired', async () => {
      // Prepare: the group exists with a 1-day retention the transport does not know about
      cw.server.createGroup(GROUP, { retentionInDays: 1 });
      cw.server.createStream(GROUP, STREAM);
      serverNow.value = NOW;
      const transport = cw.make({ format: rawMessage, now: () => NOW });
      // Act
      transport.write(record('3 days old', NOW - 3 * DAY));
      transport.write(record('20 days old', NOW - 20 * DAY)); // refused at write(): over 14 days
      transport.write(record('2 days old', NOW - 2 * DAY));
      transport.write(record('1 hour old', NOW - HOUR));
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(['1 hour old']);
      expect(transport.stats().dropped).to.deep.equal({ expired: 2, too_old: 1 });
    });
  });
});
