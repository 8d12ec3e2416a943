import { cutUtf8, truncateMessage } from '@cloudlog/cloudwatch';
import { createLogger, template } from '@cloudlog/core';
import { expect } from 'chai';
import { balances, GROUP, rawMessage, record, useCloudWatch } from './helpers.js';

const MAX_MESSAGE_BYTES = 1_048_550; // 1 MiB event minus the 26 bytes the service adds
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const hasBrokenCharacter = (text: string) => text.includes('\uFFFD');

describe('cloudwatch: events over the size limit', () => {
  describe('cutUtf8()', () => {
    it('cuts on a character boundary, never inside a 4-byte emoji', () => {
      // Prepare
      const text = 'ab😀😀'; // 2 + 4 + 4 bytes
      // Act
      const cuts = [0, 1, 2, 3, 5, 6, 9, 10, 99].map((max) => cutUtf8(text, max));
      // Assess
      expect(cuts).to.deep.equal(['', 'a', 'ab', 'ab', 'ab', 'ab😀', 'ab😀', 'ab😀😀', 'ab😀😀']);
    });

    it('handles 2- and 3-byte characters', () => {
      expect(cutUtf8('é€', 1)).to.equal('');
      expect(cutUtf8('é€', 2)).to.equal('é');
      expect(cutUtf8('é€', 4)).to.equal('é');
      expect(cutUtf8('é€', 5)).to.equal('é€');
    });
  });

  describe('truncateMessage()', () => {
    it('keeps a JSON object valid, shortens its largest field and marks it', () => {
      // Prepare
      const line = JSON.stringify({ level: 'info', msg: 'x'.repeat(5_000), requestId: 'r-1' });
      // Act
      const out = truncateMessage(line, bytes(line), 1_000);
      // Assess
      expect(bytes(out)).to.be.at.most(1_000);
      const parsed = JSON.parse(out);
      expect(parsed).to.include({ level: 'info', requestId: 'r-1', truncated: true, originalBytes: bytes(line) });
      expect(parsed.truncatedFields).to.deep.equal(['msg']);
      expect(parsed.msg).to.match(/^x{800,}$/);
    });

    it('shortens a large nested field rather than the message, keeping its JSON text', () => {
      // Prepare
      const body = { items: Array.from({ length: 500 }, (_, i) => ({ id: i, name: `item ${i}` })) };
      const line = JSON.stringify({ level: 'warn', msg: 'big body', body });
      // Act
      const out = truncateMessage(line, bytes(line), 2_000);
      // Assess
      const parsed = JSON.parse(out);
      expect(bytes(out)).to.be.at.most(2_000);
      expect(parsed).to.include({ msg: 'big body', truncated: true });
      expect(parsed.truncatedFields).to.deep.equal(['body']);
      expect(parsed.body)
        .to.be.a('string')
        .and.match(/^\{"items":\[\{"id":0,/);
    });

    it('shortens a field named __proto__ like any other', () => {
      // Prepare
      const line = `{"msg":"ok","__proto__":"${'p'.repeat(5_000)}"}`;
      // Act
      const out = truncateMessage(line, bytes(line), 1_000);
      // Assess
      const parsed = JSON.parse(out);
      expect(bytes(out)).to.be.at.most(1_000);
      expect(parsed.truncatedFields).to.deep.equal(['__proto__']);
      expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).to.match(/^p{800,}$/);
    });

    it('ends any other text with a marker', () => {
      // Act
      const out = truncateMessage('INFO | '.padEnd(5_000, 'y'), 5_000, 1_000);
      // Assess
      expect(bytes(out)).to.be.at.most(1_000);
      expect(out).to.match(/^INFO \| y+ \[truncated from 5000 bytes\]$/);
    });

    it('keeps JSON made of many small fields valid by wrapping its text', () => {
      // Prepare
      const fields = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, i]));
      const line = JSON.stringify(fields);
      // Act
      const out = truncateMessage(line, bytes(line), 1_024);
      // Assess
      expect(bytes(out)).to.be.at.most(1_024);
      const parsed = JSON.parse(out);
      expect(parsed).to.include({ truncated: true, originalBytes: bytes(line) });
      expect(line.startsWith(parsed.text)).to.equal(true);
    });
  });

  describe('through the service', () => {
    const cw = useCloudWatch();

    it('truncates a JSON event of 4-byte emoji on a character boundary, keeps it valid and marked', async () => {
      // Prepare: a 2 MB message of emoji through the default json() format
      const transport = cw.make();
      const logger = createLogger({ level: 'info', transports: [transport] });
      const huge = '😀'.repeat(500_000);
      // Act
      logger.info({ requestId: 'r-42' }, huge);
      logger.info('next');
      await transport.flush();
      // Assess
      const [stored, next] = cw.server.messages(GROUP);
      expect(bytes(stored ?? ''))
        .to.be.at.most(MAX_MESSAGE_BYTES)
        .and.above(MAX_MESSAGE_BYTES - 64);
      const parsed = JSON.parse(stored ?? '');
      expect(parsed).to.include({ level: 'info', requestId: 'r-42', truncated: true });
      expect(parsed.truncatedFields).to.deep.equal(['msg']);
      expect(parsed.originalBytes).to.be.within(2_000_000, 2_000_100); // 500,000 x 4 bytes plus the other keys
      expect(parsed.msg).to.match(/^(😀)+$/u);
      expect(hasBrokenCharacter(parsed.msg)).to.equal(false);
      expect(JSON.parse(next ?? '')).to.include({ msg: 'next' });
      expect(transport.stats()).to.include({ truncated: 1, sent: 2, failures: 0 });
      expect(cw.errors.some((error) => /truncated an event of \d+ bytes/.test(error.message))).to.equal(true);
    });

    it('sends a message of exactly 1,048,550 bytes whole and truncates one of 1,048,551', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage });
      const exact = '€'.repeat(MAX_MESSAGE_BYTES / 5) + 'x'.repeat((MAX_MESSAGE_BYTES / 5) * 2); // 3 + 2 bytes per 5
      expect(bytes(exact)).to.equal(MAX_MESSAGE_BYTES);
      // Act
      transport.write(record(exact));
      transport.write(record(`${exact}x`));
      await transport.flush();
      // Assess
      const [first, second] = cw.server.messages(GROUP);
      expect(first).to.equal(exact);
      expect(bytes(second ?? '')).to.be.at.most(MAX_MESSAGE_BYTES);
      expect(second).to.match(/ \[truncated from 1048551 bytes\]$/);
      expect(transport.stats()).to.include({ truncated: 1, sent: 2 });
    });

    it('truncates to a smaller maxBatchBytes, so no event is too large for its batch', async () => {
      // Prepare
      const transport = cw.make({ format: template('%(message)s'), maxBatchBytes: 2_048 });
      // Act
      transport.write(record('z'.repeat(10_000)));
      await transport.flush();
      // Assess
      const [stored] = cw.server.messages(GROUP);
      expect(bytes(stored ?? '')).to.be.at.most(2_048 - 26);
      expect(stored).to.match(/^z+ \[truncated from 10000 bytes\]$/);
      expect(transport.stats().dropped).to.deep.equal({});
    });

    it('never sends an empty message: counted as dropped (empty)', async () => {
      // Prepare
      const transport = cw.make({ format: rawMessage });
      // Act
      transport.write(record(''));
      transport.write(record(' '));
      transport.write(record(''));
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal([' ']);
      const stats = transport.stats();
      expect(stats.dropped).to.deep.equal({ empty: 2 });
      expect(balances(stats)).to.equal(true);
    });

    it('counts a format that throws as dropped (format_error) and keeps going', async () => {
      // Prepare
      const transport = cw.make({
        format: {
          format: (r) => {
            if (r.msg === 'bad') throw new Error('cannot format');
            return r.msg;
          },
        },
      });
      // Act
      transport.write(record('good'));
      transport.write(record('bad'));
      await transport.flush();
      // Assess
      expect(cw.server.messages(GROUP)).to.deep.equal(['good']);
      expect(transport.stats().dropped).to.deep.equal({ format_error: 1 });
    });
  });
});
