// `accessFormat`: morgan's named formats for the access line, compared line by line with what
// morgan itself writes for the same requests, in the same real app (Express 4 and 5, and Koa 2
// and 3 with morgan on ctx.req / ctx.res), time fields aside.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createLogger, json, pretty, stream, template } from '@cloudlog/core';
import { loggingMiddleware as expressLogging } from '@cloudlog/express';
import { ACCESS_FORMATS, type AccessFormat } from '@cloudlog/http';
import { loggingMiddleware as koaLogging } from '@cloudlog/koa';
import { expect } from 'chai';
import request from 'supertest';
import { until } from '../support/capture.js';
import { type ExpressFactory, expressVersions, quietApp } from '../support/express-apps.js';
import { closed, openRequest, type Served, serve, signal } from '../support/http-server.js';
import { type KoaFactory, koaVersions, quietKoa, Router } from '../support/koa-apps.js';

type Morgan = (
  format: string,
  options: { stream: { write(line: string): void } },
) => (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** morgan, loaded afresh with NO_COLOR unset: it reads NO_COLOR once, when loaded, to pick `dev`'s variant. */
function loadMorgan(): Morgan {
  const require = createRequire(import.meta.url);
  const saved = process.env.NO_COLOR;
  delete process.env.NO_COLOR;
  try {
    delete require.cache[require.resolve('morgan')];
    return require('morgan') as Morgan;
  } finally {
    if (saved !== undefined) process.env.NO_COLOR = saved;
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colours
const SGR = /\x1b\[[0-9;]*m/g;

/** The time fields of a morgan line: `[:date[clf]]` and `:response-time`. */
function timeless(line: string): string {
  return line
    .replace(/\[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000\]/, '[DATE]')
    .replace(/ \d+\.\d{3} ms/, ' T ms');
}

const CLF_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Epoch ms of a line's `[:date[clf]]`, if it has one. */
function clfMs(line: string): number | undefined {
  const m = /\[(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d):(\d\d):(\d\d) \+0000\]/.exec(line);
  if (m === null) return undefined;
  const [, day, month, year, h, min, sec] = m;
  return Date.UTC(Number(year), CLF_MONTHS.indexOf(month as string), Number(day), Number(h), Number(min), Number(sec));
}

/** What a capture destination received, one line per element (a write may carry several). */
function linesOf(chunks: readonly string[]): string[] {
  return chunks.join('').split('\n').slice(0, -1);
}

interface Scenario {
  /** Sends one request (or opens and drops one). */
  readonly send: (served: Served) => Promise<unknown>;
  readonly what: string;
}

const BASIC_ANN = `Basic ${Buffer.from('ann:s3cret').toString('base64')}`;

/** Requests every app below answers: one per kind of line (status classes, no length, HEAD, 304, abort). */
function scenarios(hang: { entered: ReturnType<typeof signal<void>> }): Scenario[] {
  return [
    {
      what: 'GET with a query, a referrer, a user agent with quotes and a backslash, Basic credentials',
      send: (s) =>
        request(s.server)
          .get('/users/42?tab=profile&q=%22x%22')
          .set('user-agent', 'probe/1.0 "quoted" \\ back')
          .set('referer', 'https://example.com/from?campaign=1')
          .set('authorization', BASIC_ANN)
          .set('x-forwarded-for', '203.0.113.9'),
    },
    { what: 'a 404', send: (s) => request(s.server).get('/missing').set('user-agent', '') },
    { what: 'a 500', send: (s) => request(s.server).get('/boom') },
    { what: 'a streamed body (no Content-Length)', send: (s) => request(s.server).get('/stream') },
    { what: 'HEAD', send: (s) => request(s.server).head('/users/7') },
    { what: 'a 304', send: (s) => request(s.server).get('/etag').set('if-none-match', '"v1"') },
    { what: 'a 201 with no body', send: (s) => request(s.server).post('/items').send({ sku: 'A-1' }) },
    {
      what: 'a request the client gives up on (no status)',
      send: async (s) => {
        const socket = openRequest(s.port, '/hang');
        await hang.entered.promise;
        socket.destroy();
        await closed(socket);
      },
    },
  ];
}

interface Subject {
  readonly morganLines: string[];
  readonly cloudlogLines: string[];
  readonly served: Served;
  readonly release: () => void;
  readonly hang: { entered: ReturnType<typeof signal<void>> };
}

/** Sends every scenario, each once both loggers wrote its line. */
async function sendAll(subject: Subject): Promise<void> {
  const all = scenarios(subject.hang);
  for (let i = 0; i < all.length; i++) {
    await (all[i] as Scenario).send(subject.served);
    await until(
      () => subject.morganLines.length > i && linesOf(subject.cloudlogLines).length > i,
      5_000,
      `both lines of request ${i + 1} (${(all[i] as Scenario).what})`,
    );
  }
}

function expressSubject(
  express: ExpressFactory,
  morgan: Morgan,
  format: AccessFormat,
  options: { textFormat?: 'template' | 'json' | 'pretty'; query?: boolean } = {},
): Promise<Subject> {
  const morganLines: string[] = [];
  const cloudlogLines: string[] = [];
  const logger = createLogger({
    level: 'info',
    transports: [
      stream({
        destination: { write: (chunk: string) => cloudlogLines.push(chunk) },
        format: formatOf(options.textFormat ?? 'template'),
      }),
    ],
  });
  const hang = { entered: signal() };
  const release = signal();
  const app = quietApp(express);
  app.set('trust proxy', 'loopback');
  app.set('etag', false);
  app.use(morgan(format, { stream: { write: (line: string) => morganLines.push(line.replace(/\n$/, '')) } }));
  app.use(expressLogging({ logger, accessFormat: format, query: options.query ?? true }));
  app.get('/users/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.get('/boom', () => {
    throw new Error('database unreachable');
  });
  app.get('/stream', (_req, res) => {
    res.write('part one, ');
    res.end('part two');
  });
  app.get('/etag', (_req, res) => {
    res.set('etag', '"v1"').send('versioned body');
  });
  app.post('/items', (_req, res) => {
    res.status(201).end();
  });
  app.get('/hang', async () => {
    hang.entered.resolve();
    await release.promise;
  });
  return serve(app).then((served) => ({ morganLines, cloudlogLines, served, release: () => release.resolve(), hang }));
}

function koaSubject(K: KoaFactory, morgan: Morgan, format: AccessFormat): Promise<Subject> {
  const morganLines: string[] = [];
  const cloudlogLines: string[] = [];
  const logger = createLogger({
    level: 'info',
    transports: [
      stream({ destination: { write: (chunk: string) => cloudlogLines.push(chunk) }, format: template('%(message)s') }),
    ],
  });
  const hang = { entered: signal() };
  const release = signal();
  const app = quietKoa(K);
  app.use(koaLogging({ logger, accessFormat: format, query: true }));
  const withMorgan = morgan(format, { stream: { write: (line: string) => morganLines.push(line.replace(/\n$/, '')) } });
  app.use((ctx, next) => {
    withMorgan(ctx.req, ctx.res, () => {});
    return next();
  });
  const router = new Router();
  router.get('/users/:id', (ctx) => {
    ctx.body = { id: ctx.params.id };
  });
  router.get('/boom', () => {
    throw new Error('database unreachable');
  });
  router.get('/stream', (ctx) => {
    ctx.res.write('part one, ');
    ctx.res.end('part two');
    ctx.respond = false;
  });
  router.get('/etag', (ctx) => {
    ctx.set('etag', '"v1"');
    ctx.body = 'versioned body';
    if (ctx.fresh) ctx.status = 304;
  });
  router.post('/items', (ctx) => {
    ctx.status = 201;
  });
  router.get('/hang', async () => {
    hang.entered.resolve();
    await release.promise;
  });
  app.use(router.routes());
  return serve(app.callback()).then((served) => ({
    morganLines,
    cloudlogLines,
    served,
    release: () => release.resolve(),
    hang,
  }));
}

function formatOf(kind: 'template' | 'json' | 'pretty') {
  if (kind === 'json') return json();
  if (kind === 'pretty') return pretty({ colors: true });
  return template('%(message)s');
}

describe("http: accessFormat, morgan's named formats, against morgan's own lines", function () {
  this.timeout(20_000);
  let morgan: Morgan;
  let subject: Subject | undefined;
  before(() => {
    morgan = loadMorgan();
  });
  afterEach(async () => {
    subject?.release();
    await subject?.served.close();
    subject = undefined;
  });

  for (const [label, express] of expressVersions) {
    for (const format of ACCESS_FORMATS) {
      it(`${label}, '${format}': with template('%(message)s') each line is morgan's line`, async () => {
        // Prepare
        subject = await expressSubject(express, morgan, format);
        // Act
        await sendAll(subject);
        // Assess
        const expected = subject.morganLines.map((line) => timeless(line.replace(SGR, '')));
        const lines = linesOf(subject.cloudlogLines);
        expect(lines.map(timeless)).to.deep.equal(expected);
        expect(expected).to.have.length(8);
        // The time fields themselves: the same clock, within the second the two lines were written in.
        lines.forEach((line, i) => {
          const ours = clfMs(line);
          const theirs = clfMs(subject?.morganLines[i] as string);
          expect(ours === undefined, line).to.equal(theirs === undefined);
          if (ours !== undefined) expect(Math.abs(ours - (theirs as number)), line).to.be.at.most(1000);
        });
      });
    }
  }

  for (const [label, K] of koaVersions) {
    for (const format of ACCESS_FORMATS) {
      it(`${label}, '${format}': with template('%(message)s') each line is morgan's line`, async () => {
        subject = await koaSubject(K, morgan, format);
        await sendAll(subject);
        const expected = subject.morganLines.map((line) => timeless(line.replace(SGR, '')));
        expect(linesOf(subject.cloudlogLines).map(timeless)).to.deep.equal(expected);
      });
    }
  }

  it("'dev' through pretty() with colours: the message is morgan's coloured line, colours by status", async () => {
    // Prepare
    const [, express] = expressVersions[1] as (typeof expressVersions)[number];
    subject = await expressSubject(express, morgan, 'dev', { textFormat: 'pretty' });
    // Act
    await sendAll(subject);
    // Assess: each pretty line is `time LEVEL `, morgan's own coloured line, then ` key=value` fields (keys dimmed).
    const messages = linesOf(subject.cloudlogLines).map((line) => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI colours
      const prefix = /^\x1b\[2m\d\d:\d\d:\d\d\.\d{3}\x1b\[0m \x1b\[3\dm[A-Z ]{5}\x1b\[0m /.exec(line);
      expect(prefix, line).not.to.equal(null);
      const message = line.slice(prefix?.[0].length);
      return timeless(message.slice(0, message.indexOf(' \x1b[2mrequestId=')));
    });
    expect(messages).to.deep.equal(subject.morganLines.map(timeless));
    expect(subject.morganLines[0]).to.include('\x1b[32m200\x1b[0m');
    expect(subject.morganLines[1]).to.include('\x1b[33m404\x1b[0m');
    expect(subject.morganLines[2]).to.include('\x1b[31m500\x1b[0m');
    expect(subject.morganLines[5]).to.include('\x1b[36m304\x1b[0m');
  });

  it("with json() the line keeps every structured field, and morgan's text is its msg", async () => {
    // Prepare
    const [, express] = expressVersions[1] as (typeof expressVersions)[number];
    subject = await expressSubject(express, morgan, 'combined', { textFormat: 'json' });
    // Act
    await sendAll(subject);
    // Assess
    const records = linesOf(subject.cloudlogLines).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => timeless(r.msg as string))).to.deep.equal(subject.morganLines.map(timeless));
    expect(records[0]).to.include({
      level: 'info',
      method: 'GET',
      path: '/users/42',
      route: '/users/:id',
      status: 200,
      outcome: 'completed',
      remoteIp: '203.0.113.9',
      userAgent: 'probe/1.0 "quoted" \\ back',
    });
    expect(records[0]).to.have.property('durationMs').that.is.a('number');
    expect(records[0]).to.have.property('requestId').that.is.a('string');
    expect(records[7]).to.include({ level: 'warn', outcome: 'aborted', path: '/hang' });
    expect(records[7]).not.to.have.property('status');
  });

  it(":response-time is, as morgan's, the time until the response headers went out: the line's ttfbMs", async () => {
    const [, express] = expressVersions[1] as (typeof expressVersions)[number];
    subject = await expressSubject(express, morgan, 'tiny', { textFormat: 'json' });
    await sendAll(subject);
    const records = linesOf(subject.cloudlogLines).map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const record of records.slice(0, 7)) {
      expect(record.msg).to.match(new RegExp(` - ${(record.ttfbMs as number).toFixed(3)} ms$`));
      expect(record.ttfbMs).to.be.at.most(record.durationMs as number);
    }
  });

  it(":url leaves the query string out unless query: true, as cloudlog's own fields do", async () => {
    const [, express] = expressVersions[1] as (typeof expressVersions)[number];
    subject = await expressSubject(express, morgan, 'tiny', { query: false });
    await request(subject.served.server).get('/users/42?token=secret');
    await until(() => linesOf((subject as Subject).cloudlogLines).length === 1);
    const [line] = linesOf(subject.cloudlogLines);
    expect(timeless(line as string)).to.equal('GET /users/42 200 11 - T ms');
    expect(subject.morganLines[0]).to.include('/users/42?token=secret');
  });

  it('is validated: one of the five names, and not together with message', () => {
    expect(() => expressLogging({ accessFormat: 'apache' as never })).to.throw(
      TypeError,
      /accessFormat must be one of morgan's formats 'combined', 'common', 'dev', 'short', 'tiny', got "apache"/,
    );
    expect(() => koaLogging({ accessFormat: 'tiny', message: 'done' })).to.throw(TypeError, /choose one/);
    expect(() => expressLogging({ accessFormat: 'dev' })).not.to.throw();
  });
});
