// Options are checked at construction, whatever the mode: a TypeError says what is wrong and
// what is allowed.
import { type GoogleCloudTransportOptions, googleCloudTransport } from '@cloudlog/google-cloud';
import { Logging } from '@google-cloud/logging';
import { expect } from 'chai';
import { offlineClientOptions } from './helpers.js';

const base: GoogleCloudTransportOptions = { mode: 'stdout', env: {}, destination: { write: () => true } };

function rejects(options: Record<string, unknown>, pattern: RegExp): void {
  expect(() => googleCloudTransport({ ...base, ...options } as GoogleCloudTransportOptions)).to.throw(
    TypeError,
    pattern,
  );
}

describe('googleCloudTransport options', () => {
  it('accepts no options at all', async () => {
    // Act
    const transport = googleCloudTransport({
      env: { K_SERVICE: 'api', GOOGLE_CLOUD_PROJECT: 'p' },
      destination: { write: () => true },
    });

    // Assess
    expect(transport.mode).to.equal('stdout');
    await transport.close();
  });

  it('names the mode values', () => rejects({ mode: 'file' }, /mode must be 'api', 'stdout' or 'auto', got "file"/));

  it('checks log names against the LOG_ID form', () => {
    rejects({ logName: 'has space' }, /logName must be 1 to 511 characters of A-Z a-z 0-9 \/ _ - \. \(a LOG_ID\)/);
    rejects({ logName: '' }, /logName must be/);
    rejects({ logName: 'x'.repeat(512) }, /logName must be/);
    rejects({ requestLogName: 'a:b' }, /requestLogName must be/);
  });

  it('checks the project id', () =>
    rejects({ projectId: 'a/b' }, /projectId must be a non-empty project id without '\/'/));

  it('takes a client or client options, not both', () =>
    rejects(
      { logging: new Logging(offlineClientOptions('p')), clientOptions: {} },
      /either logging .* or clientOptions/,
    ));

  it('refuses a client whose project differs from projectId', () =>
    rejects(
      { logging: new Logging(offlineClientOptions('p')), projectId: 'q' },
      /differs from the logging client's "p"/,
    ));

  it('refuses something that is not a Logging client', () =>
    rejects({ logging: { write() {} } }, /logging must be a Logging instance of @google-cloud\/logging/));

  it('checks the resource and labels', () => {
    rejects({ resource: { labels: {} } }, /resource must be \{ type, labels\? \} with a non-empty type/);
    rejects({ resource: { type: 'global', labels: { a: 1 } } }, /resource\.labels\.a must be a string, got 1/);
    rejects({ labels: { a: 1 } }, /labels\.a must be a string/);
    rejects(
      { labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) },
      /at most 64 labels, got 65/,
    );
    rejects({ labels: { big: 'x'.repeat(20_000) } }, /labels take 20003 bytes; .* within 16384/);
  });

  it('checks batch and buffer bounds, timeouts and retry settings', () => {
    rejects({ maxBatchEntries: 1001 }, /maxBatchEntries must be an integer from 1 to 1000, got 1001/);
    rejects({ maxBatchEntries: 0 }, /maxBatchEntries must be an integer from 1 to 1000/);
    rejects({ maxBatchBytes: 20 * 1024 * 1024 }, /maxBatchBytes must be an integer from 524288 to 9437184/);
    rejects({ maxBufferedEntries: -1 }, /maxBufferedEntries must be an integer/);
    rejects({ maxBufferedBytes: 10 }, /maxBufferedBytes must be an integer from 524288/);
    rejects({ timeoutMs: 0 }, /timeoutMs must be a number of ms from 1 to/);
    rejects({ flushIntervalMs: Number.NaN }, /flushIntervalMs must be a number of ms/);
    rejects({ retry: 3 }, /retry must be an object/);
    rejects(
      { retry: { baseDelayMs: 500, maxDelayMs: 100 } },
      /retry\.maxDelayMs must be >= retry\.baseDelayMs \(500\), got 100/,
    );
    rejects({ retry: { maxAttempts: 0 } }, /retry\.maxAttempts must be an integer from 1/);
  });

  it('checks the level, onError, destination, requestLog and env', () => {
    expect(() => googleCloudTransport({ ...base, level: 'loud' as 'info' })).to.throw(TypeError, /level/);
    rejects({ onError: 'stderr' }, /onError must be a function/);
    rejects({ destination: 'stdout' }, /destination must be an object with a write\(chunk\) method/);
    rejects({ requestLog: 'yes' }, /requestLog must be a boolean/);
    rejects({ env: 'production' }, /env must be an object of environment variables/);
  });

  it('says which package the error comes from', () => {
    // Act
    let caught: unknown;
    try {
      googleCloudTransport({ ...base, mode: 'x' as 'api' });
    } catch (error) {
      caught = error;
    }

    // Assess
    expect((caught as Error).message).to.match(/^googleCloudTransport: /);
    expect((caught as Error).cause).to.deep.equal({ package: '@cloudlog/google-cloud' });
  });
});
