// OpenTelemetry: when a span is active as a request starts (the server span OpenTelemetry's HTTP
// instrumentation opens around the request listener), its ids are the request's trace context,
// ahead of the trace headers. Real @opentelemetry/api, context manager and SDK tracer; the server
// wrapper below does what the HTTP instrumentation does: extract the caller's traceparent, start a
// SERVER span as its child, and run the app with that span active.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { CapturedRecord, Logger } from '@cloudlog/core';
import { loggingMiddleware as expressLogging } from '@cloudlog/express';
import { activeSpanContext, parseTraceparent, requestTraceContext } from '@cloudlog/http';
import { loggingMiddleware as koaLogging } from '@cloudlog/koa';
import {
  context,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  TraceFlags,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOffSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { expect } from 'chai';
import express from 'express';
import { until } from '../support/capture.js';
import { cloudLoggingStdout } from '../support/cloud-logging-stdout.js';
import { memoryLogger } from '../support/express-apps.js';
import { accessLineFor, type Served, serve } from '../support/http-server.js';
import { type KoaFactory, koaVersions, quietKoa } from '../support/koa-apps.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';
const TRACEPARENT = `00-${TRACE}-${CALLER_SPAN}-01`;
const OTEL_API = Symbol.for('opentelemetry.js.api.1');

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** What OpenTelemetry's HTTP instrumentation does around a request listener. */
function instrumented(tracer: Tracer, listener: Listener, spans: Span[]): Listener {
  return (req, res) => {
    const caller = parseTraceparent(req.headers.traceparent);
    const parent =
      caller === undefined
        ? ROOT_CONTEXT
        : trace.setSpanContext(ROOT_CONTEXT, {
            traceId: caller.traceId,
            spanId: caller.spanId as string,
            traceFlags: caller.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
            isRemote: true,
          });
    const span = tracer.startSpan(`${req.method} ${req.url}`, { kind: SpanKind.SERVER }, parent);
    spans.push(span);
    res.on('finish', () => span.end());
    context.with(trace.setSpan(parent, span), () => listener(req, res));
  };
}

/** The trace fields of a line. */
function traceOf(line: CapturedRecord | undefined): Record<string, unknown> {
  return { traceId: line?.traceId, spanId: line?.spanId, traceSampled: line?.traceSampled };
}

describe('http: OpenTelemetry active span as the trace context', () => {
  let served: Served | undefined;
  const sampled = new BasicTracerProvider().getTracer('cloudlog-test');
  const unsampled = new BasicTracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('cloudlog-test');

  before(() => {
    expect(context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())).to.equal(true);
  });
  after(() => context.disable());
  afterEach(async () => {
    await served?.close();
    served = undefined;
  });

  describe('activeSpanContext()', () => {
    it('reads the active span: ids and trace flag bit 0 as sampled', () => {
      const span = sampled.startSpan('work');
      const ids = span.spanContext();
      const inside = context.with(trace.setSpan(ROOT_CONTEXT, span), () => activeSpanContext());
      expect(inside).to.deep.equal({ traceId: ids.traceId, spanId: ids.spanId, sampled: true });
      const off = unsampled.startSpan('work');
      const offIds = off.spanContext();
      expect(context.with(trace.setSpan(ROOT_CONTEXT, off), () => activeSpanContext())).to.deep.equal({
        traceId: offIds.traceId,
        spanId: offIds.spanId,
        sampled: false,
      });
      span.end();
      off.end();
    });

    it('is undefined outside any span, and for a span whose ids are invalid or not lowercase hex', () => {
      expect(activeSpanContext()).to.equal(undefined);
      const invalid = [
        INVALID_SPAN_CONTEXT,
        { traceId: TRACE.toUpperCase(), spanId: CALLER_SPAN, traceFlags: 1 },
        { traceId: TRACE, spanId: `${CALLER_SPAN}0`, traceFlags: 1 },
        { traceId: `${TRACE}"}`, spanId: CALLER_SPAN, traceFlags: 1 },
      ];
      for (const ids of invalid) {
        const found = context.with(trace.setSpanContext(ROOT_CONTEXT, ids), () => activeSpanContext());
        expect(found, JSON.stringify(ids)).to.equal(undefined);
      }
      // Headers are then what counts.
      const fromHeaders = context.with(trace.setSpanContext(ROOT_CONTEXT, INVALID_SPAN_CONTEXT), () =>
        requestTraceContext({ traceparent: TRACEPARENT }),
      );
      expect(fromHeaders).to.deep.equal({ traceId: TRACE, spanId: CALLER_SPAN, sampled: true });
    });

    it('survives a broken OpenTelemetry global: no trace context from it, no exception', () => {
      const holder = globalThis as unknown as Record<symbol, unknown>;
      const saved = holder[OTEL_API];
      try {
        for (const broken of [
          { context: { active: () => ({ getValue: () => ({ spanContext: () => null }) }) } },
          {
            context: {
              active() {
                throw new Error('broken context manager');
              },
            },
          },
          { context: 42 },
          'not an object',
        ]) {
          holder[OTEL_API] = broken;
          expect(activeSpanContext()).to.equal(undefined);
          expect(requestTraceContext({ traceparent: TRACEPARENT })?.spanId).to.equal(CALLER_SPAN);
        }
      } finally {
        holder[OTEL_API] = saved;
      }
    });
  });

  /** An app logging one line from the request logger and one from a logger below the handler, after an await. */
  function expressApp(logger: Logger, options: { trace?: boolean } = {}): Listener {
    const app = express();
    app.use(expressLogging({ logger, ...options }));
    app.get('/work', async (req, res) => {
      req.log.info('from the request logger');
      await delay(1);
      logger.info('from a logger below the handler');
      res.send('ok');
    });
    return app;
  }

  function koaApp(Koa: KoaFactory): (logger: Logger) => Listener {
    return (logger) => {
      const app = quietKoa(Koa);
      app.use(koaLogging({ logger }));
      app.use(async (ctx) => {
        ctx.log.info('from the request logger');
        await delay(1);
        logger.info('from a logger below the handler');
        ctx.body = 'ok';
      });
      return app.callback();
    };
  }

  const frameworks: (readonly [string, (logger: Logger) => Listener])[] = [
    ['express 5', (logger) => expressApp(logger)],
    ...koaVersions.map(([name, Koa]) => [name, koaApp(Koa)] as const),
  ];

  for (const [name, appFor] of frameworks) {
    describe(name, () => {
      it("puts the server span's trace id, span id and sampled flag on every line, ahead of traceparent", async () => {
        // Prepare
        const { mem, logger } = memoryLogger();
        const spans: Span[] = [];
        served = await serve(instrumented(sampled, appFor(logger), spans));
        // Act
        await (await fetch(`${served.url}/work`, { headers: { traceparent: TRACEPARENT } })).text();
        const access = await accessLineFor(mem, '/work');
        // Assess
        const server = (spans[0] as Span).spanContext();
        expect(server.traceId).to.equal(TRACE);
        expect(server.spanId).not.to.equal(CALLER_SPAN);
        const expected = { traceId: TRACE, spanId: server.spanId, traceSampled: true };
        expect(traceOf(access)).to.deep.equal(expected);
        expect(traceOf(mem.records.find((r) => r.msg === 'from the request logger'))).to.deep.equal(expected);
        expect(traceOf(mem.records.find((r) => r.msg === 'from a logger below the handler'))).to.deep.equal(expected);
      });

      it('with OpenTelemetry set up but no span active, the trace headers are read', async () => {
        const { mem, logger } = memoryLogger();
        served = await serve(appFor(logger));
        await (await fetch(`${served.url}/work`, { headers: { traceparent: TRACEPARENT } })).text();
        const access = await accessLineFor(mem, '/work');
        expect(traceOf(access)).to.deep.equal({ traceId: TRACE, spanId: CALLER_SPAN, traceSampled: true });
      });
    });
  }

  describe('express 5: sampling, trace: false, Cloud Logging', () => {
    it('a span that is not sampled: its ids, traceSampled false, even when the caller sampled', async () => {
      const { mem, logger } = memoryLogger();
      const spans: Span[] = [];
      served = await serve(instrumented(unsampled, expressApp(logger), spans));
      await (await fetch(`${served.url}/work`, { headers: { traceparent: TRACEPARENT } })).text();
      const access = await accessLineFor(mem, '/work');
      const server = (spans[0] as Span).spanContext();
      expect(traceOf(access)).to.deep.equal({ traceId: TRACE, spanId: server.spanId, traceSampled: false });
    });

    it('trace: false reads neither the span nor the headers', async () => {
      const { mem, logger } = memoryLogger();
      served = await serve(instrumented(sampled, expressApp(logger, { trace: false }), []));
      await (await fetch(`${served.url}/work`, { headers: { traceparent: TRACEPARENT } })).text();
      const access = await accessLineFor(mem, '/work');
      expect(access).not.to.have.any.keys('traceId', 'spanId', 'traceSampled');
    });

    it("groups Cloud Logging lines under the span's trace and span (stdout mode)", async () => {
      // Prepare
      const cloud = cloudLoggingStdout();
      const spans: Span[] = [];
      served = await serve(instrumented(unsampled, expressApp(cloud.logger), spans));
      // Act
      await (await fetch(`${served.url}/work`)).text();
      await until(() => cloud.lines.length >= 3, 5_000, 'the three lines of the request');
      // Assess
      const server = (spans[0] as Span).spanContext();
      const entries = cloud.entries();
      expect(entries).to.have.length(3);
      for (const entry of entries) {
        expect(entry['logging.googleapis.com/trace']).to.equal(`projects/my-project/traces/${server.traceId}`);
        expect(entry['logging.googleapis.com/spanId']).to.equal(server.spanId);
        expect(entry['logging.googleapis.com/trace_sampled']).to.equal(false);
      }
    });
  });
});
