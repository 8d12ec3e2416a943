import { type LocalCloudLogging, partialErrorsOf } from '@cloudlog/testing';
import { type Logging, protos } from '@google-cloud/logging';
import { expect } from 'chai';
import { consumeDiagnosticEntry, RESOURCE, rejectionOf, startServer } from './cloud-logging-helpers.js';

const INVALID_ARGUMENT = 3;
const PARTIAL_ERRORS = 'type.googleapis.com/google.logging.v2.WriteLogEntriesPartialErrors';

describe('LocalCloudLogging: partialSuccess', () => {
  let server: LocalCloudLogging;
  let logging: Logging;

  before(async () => {
    ({ server, logging } = await startServer());
    await consumeDiagnosticEntry(logging);
  });
  beforeEach(() => server.reset());
  after(() => server.close());

  /** Entries 1 and 3 are invalid (bad spanId, timestamp two days ahead). */
  function mixedBatch(logName: string) {
    const log = logging.log(logName);
    return {
      log,
      entries: [
        log.entry({}, { i: 0 }),
        log.entry({ spanId: 'not-hex' }, { i: 1 }),
        log.entry({}, { i: 2 }),
        log.entry({ timestamp: new Date(Date.now() + 2 * 86_400_000) }, { i: 3 }),
      ],
    };
  }

  it('with partialSuccess: true writes the valid entries and reports each invalid one by index', async () => {
    // Prepare
    const { log, entries } = mixedBatch('partial');

    // Act
    const error = await rejectionOf(log.write(entries, { resource: RESOURCE, partialSuccess: true }));

    // Assess
    expect(error.code).to.equal(INVALID_ARGUMENT);
    expect(error.details).to.match(/Invalid spanId "not-hex"/);
    expect(server.entries().map((e) => e.jsonPayload)).to.deep.equal([{ i: 0 }, { i: 2 }]);
    expect(partialErrorsOf(error)).to.deep.equal([
      { index: 1, code: INVALID_ARGUMENT, message: error.details },
      { index: 3, code: INVALID_ARGUMENT, message: 'Timestamp is over a day in the future' },
    ]);
  });

  it('is the default of Log.write in @google-cloud/logging 11', async () => {
    // Prepare
    const { log, entries } = mixedBatch('default-partial');

    // Act
    const error = await rejectionOf(log.write(entries, { resource: RESOURCE }));

    // Assess
    expect(server.calls('WriteLogEntries')[0]?.partialSuccess).to.equal(true);
    expect(partialErrorsOf(error).map((e) => e.index)).to.deep.equal([1, 3]);
  });

  it('surfaces the details the way the client decodes them: statusDetails holds WriteLogEntriesPartialErrors', async () => {
    // Prepare
    const { log, entries } = mixedBatch('decoded');

    // Act
    const error = await rejectionOf(log.write(entries, { resource: RESOURCE }));

    // Assess: the recipe a transport can use without @cloudlog/testing.
    const detail = (error.statusDetails ?? []).find(
      (d): d is { logEntryErrors: Record<string, { code: number; message: string }> } =>
        typeof d === 'object' && d !== null && 'logEntryErrors' in d,
    );
    expect(Object.keys(detail?.logEntryErrors ?? {})).to.deep.equal(['1', '3']);
    expect(detail?.logEntryErrors['3']).to.include({
      code: INVALID_ARGUMENT,
      message: 'Timestamp is over a day in the future',
    });
  });

  it('also carries the raw grpc-status-details-bin trailer, decodable with the protos @google-cloud/logging exports', async () => {
    // Prepare
    const { log, entries } = mixedBatch('raw');

    // Act
    const error = await rejectionOf(log.write(entries, { resource: RESOURCE }));

    // Assess
    const [raw] = error.metadata?.get('grpc-status-details-bin') ?? [];
    expect(raw).to.be.instanceOf(Buffer);
    const decoded = protos.google.logging.v2.WriteLogEntriesPartialErrors.decode(
      anyValue(raw as Buffer, PARTIAL_ERRORS),
    );
    expect(Object.keys(decoded.logEntryErrors)).to.deep.equal(['1', '3']);
  });

  it('with partialSuccess: false fails the whole request, writes nothing and carries no per-entry errors', async () => {
    // Prepare
    const { log, entries } = mixedBatch('atomic');

    // Act
    const error = await rejectionOf(log.write(entries, { resource: RESOURCE, partialSuccess: false }));

    // Assess
    expect(error.code).to.equal(INVALID_ARGUMENT);
    expect(error.details).to.match(/Invalid spanId "not-hex"/);
    expect(server.calls('WriteLogEntries')[0]?.partialSuccess).to.equal(false);
    expect(server.entries()).to.deep.equal([]);
    expect(partialErrorsOf(error)).to.deep.equal([]);
  });

  it('reports errors for every entry when all of them fail', async () => {
    // Prepare
    const log = logging.log('all-bad');

    // Act
    const error = await rejectionOf(
      log.write([log.entry(notASeverity(123), {}), log.entry(notASeverity(321), {})], { resource: RESOURCE }),
    );

    // Assess
    expect(server.entries()).to.deep.equal([]);
    expect(partialErrorsOf(error).map((e) => e.index)).to.deep.equal([0, 1]);
  });

  it('partialErrorsOf returns nothing for values that are not such errors', () => {
    // Act, Assess
    expect(partialErrorsOf(new Error('plain'))).to.deep.equal([]);
    expect(partialErrorsOf(undefined)).to.deep.equal([]);
    expect(
      partialErrorsOf({ statusDetails: [{ logEntryErrors: null }], metadata: { get: () => [Buffer.from([0xff])] } }),
    ).to.deep.equal([]);
  });
});

/** Reads the `value` of the google.rpc.Status detail with the given type URL (the Status comes from the same protos). */
function anyValue(statusBytes: Buffer, typeUrl: string): Uint8Array {
  const status = protos.google.rpc.Status.decode(statusBytes);
  const detail = status.details.find((d) => d.type_url === typeUrl);
  if (!detail?.value || typeof detail.value === 'string') throw new Error(`no ${typeUrl} detail`);
  return detail.value;
}

/** Entry metadata with a severity number outside LogSeverity (the client passes numbers through). */
function notASeverity(severity: number): object {
  return { severity };
}
