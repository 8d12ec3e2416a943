// Lines logged outside any request, inside an OpenTelemetry span (a queue worker, a scheduled
// job): they carry the span's ids. Real @opentelemetry/api, context manager and SDK tracer.
import { runWithContext, template } from '@cloudlog/core';
import { context, ROOT_CONTEXT, type Span, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { expect } from 'chai';
import { capture } from '../support/capture.js';
import { cloudLoggingStdout } from '../support/cloud-logging-stdout.js';

const OTEL_API = Symbol.for('opentelemetry.js.api.1');

describe('core: lines logged in an OpenTelemetry span', () => {
  const tracer = new BasicTracerProvider().getTracer('cloudlog-test');
  before(() => {
    expect(context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())).to.equal(true);
  });
  after(() => context.disable());

  function inSpan<R>(span: Span, fn: () => R): R {
    return context.with(trace.setSpan(context.active(), span), fn);
  }

  it("carry the active span's trace id, span id and sampled flag; lines outside spans carry none", async () => {
    // Prepare
    const { logger, records } = capture();
    const job = tracer.startSpan('job');
    const step = inSpan(job, () => tracer.startSpan('step'));
    // Act
    logger.info('before');
    await inSpan(job, async () => {
      logger.info('in the job');
      await new Promise((resolve) => setImmediate(resolve));
      logger.child({ part: 'db' }).warn('still in the job, after a turn of the event loop');
      inSpan(step, () => logger.info('in a child span'));
    });
    logger.info('after');
    // Assess
    const ids = job.spanContext();
    const byMsg = new Map(records().map((r) => [r.msg, r]));
    const traceOf = (msg: string) => {
      const r = byMsg.get(msg);
      return { traceId: r?.traceId, spanId: r?.spanId, traceSampled: r?.traceSampled };
    };
    const none = { traceId: undefined, spanId: undefined, traceSampled: undefined };
    expect(traceOf('before')).to.deep.equal(none);
    expect(traceOf('after')).to.deep.equal(none);
    expect(traceOf('in the job')).to.deep.equal({ traceId: ids.traceId, spanId: ids.spanId, traceSampled: true });
    expect(traceOf('still in the job, after a turn of the event loop')).to.deep.equal(traceOf('in the job'));
    expect(byMsg.get('still in the job, after a turn of the event loop')?.part).to.equal('db');
    expect(traceOf('in a child span')).to.deep.equal({
      traceId: ids.traceId,
      spanId: step.spanContext().spanId,
      traceSampled: true,
    });
    job.end();
    step.end();
  });

  it('a request context wins: its fields (and trace) are the line context, not the span', () => {
    const { logger, records } = capture();
    const span = tracer.startSpan('request');
    const request = logger.withContext({ requestId: 'r-1', traceId: 'from-the-request' });
    inSpan(span, () => {
      runWithContext(request.context!, () => logger.info('in a request'));
      request.info('bound to a request');
    });
    for (const record of records()) {
      expect(record).to.include({ requestId: 'r-1', traceId: 'from-the-request' });
      expect(record).not.to.have.property('spanId');
    }
    expect(records()).to.have.length(2);
    span.end();
  });

  it('reach text formats and Cloud Logging: traceSampled false for a span not sampled', () => {
    // Prepare
    const unsampled = new BasicTracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('cloudlog-test');
    const text = capture({ format: template('%(message)s trace=%(traceId)s span=%(spanId)s') });
    const cloud = cloudLoggingStdout();
    const span = unsampled.startSpan('job');
    const ids = span.spanContext();
    // Act
    inSpan(span, () => {
      text.logger.info('job ran');
      cloud.logger.info('job ran');
    });
    // Assess
    expect(text.lines).to.deep.equal([`job ran trace=${ids.traceId} span=${ids.spanId}\n`]);
    const [entry] = cloud.entries();
    expect(entry).to.include({
      'logging.googleapis.com/trace': `projects/my-project/traces/${ids.traceId}`,
      'logging.googleapis.com/spanId': ids.spanId,
      'logging.googleapis.com/trace_sampled': false,
    });
    span.end();
  });

  it('a broken OpenTelemetry global is ignored: the line is written without trace ids', () => {
    const holder = globalThis as unknown as Record<symbol, unknown>;
    const saved = holder[OTEL_API];
    const { logger, records } = capture();
    try {
      holder[OTEL_API] = {
        context: {
          active() {
            throw new Error('broken context manager');
          },
        },
      };
      logger.info('still written');
      holder[OTEL_API] = { context: { active: () => ({ getValue: () => ({ spanContext: () => ({ traceId: 7 }) }) }) } };
      logger.info('ids that are not hex');
    } finally {
      holder[OTEL_API] = saved;
    }
    expect(records().map((r) => [r.msg, r.traceId])).to.deep.equal([
      ['still written', undefined],
      ['ids that are not hex', undefined],
    ]);
  });

  it('outside OpenTelemetry (no span active), lines are what they were', () => {
    const { logger, lines } = capture();
    inSpan(trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 }), () =>
      logger.info('invalid span'),
    );
    context.with(ROOT_CONTEXT, () => logger.info('root'));
    for (const line of lines) expect(line).not.to.include('traceId');
    expect(lines).to.have.length(2);
  });
});
