// cloudlog-pretty, the bin of @cloudlog/core, through real pipes: a real Express app (a child
// process) writes cloudlog json() lines, pino lines, Cloud Logging stdout lines and lines that
// are not JSON log lines; its stdout is the command's stdin.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { expect } from 'chai';
import request from 'supertest';
import { until } from '../support/capture.js';

const bin = join(import.meta.dirname, '..', '..', 'packages', 'core', 'bin', 'cloudlog-pretty.js');
const appFixture = join(import.meta.dirname, 'fixtures', 'pretty-app.ts');
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
/** `HH:MM:SS.mmm LEVEL ` then the name column, 16 wide (`checkout-service`, the widest name, comes first). */
const MESSAGE_COLUMN = 12 + 1 + 5 + 1 + 16 + 2;
const RENDERED = /^\d\d:\d\d:\d\d\.\d{3} (?:TRACE|DEBUG|INFO |WARN |ERROR|FATAL) /;
const PASSED_THROUGH = [
  'plain text from console.log, not JSON',
  '{"metric":"not a log line","value":1}',
  '{"level":"info","msg":"cut short',
];

interface Collected {
  readonly child: ChildProcess;
  out(): string;
  err(): string;
  exited(): Promise<number | null>;
}

function collect(child: ChildProcess): Collected {
  let out = '';
  let err = '';
  let code: number | null | undefined;
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.on('exit', (c, signal) => (code = c ?? (signal === null ? null : -1)));
  return {
    child,
    out: () => out,
    err: () => err,
    exited: async () => {
      await until(() => code !== undefined, 15_000, 'the process to exit');
      return code as number | null;
    },
  };
}

/**
 * Starts the app; its stdout goes to `stdout` (another process's stdin), or to a pipe this
 * process reads. (A pipe is handed on from back to front: this process must never read, even
 * into a paused stream's buffer, from one end another process reads.)
 */
async function startApp(stdout: Writable | 'pipe'): Promise<{ app: ChildProcess; port: number; stderr: () => string }> {
  const app = spawn(process.execPath, ['--import', 'tsx', appFixture], { stdio: ['ignore', stdout, 'pipe'] });
  if (stdout !== 'pipe') stdout.destroy(); // the app has its own copy; the command sees EOF when the app ends
  let stderr = '';
  app.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await until(() => /listening \d+/.test(stderr), 15_000, 'the app to listen');
  return { app, port: Number(/listening (\d+)/.exec(stderr)?.[1]), stderr: () => stderr };
}

/** The same requests for every run: a handler's lines and pino's, a failure, Cloud Logging lines, then the app stops. */
async function exercise(port: number): Promise<void> {
  const client = request(`http://127.0.0.1:${port}`);
  await client.get('/users/42').set('x-request-id', 'req-alpha').expect(200);
  await client.get('/fail').set('x-request-id', 'req-beta').expect(500);
  await client.get('/gcp/orders/9').set('x-request-id', 'req-gamma').set('traceparent', TRACEPARENT).expect(202);
  await client.get('/quit').expect(200);
}

/** Runs the command on `input`, written by this process into its stdin pipe. */
async function prettyOf(input: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const cli = collect(
    spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } }),
  );
  cli.child.stdin?.end(input);
  const code = await cli.exited();
  return { code, out: cli.out(), err: cli.err(), lines: cli.out().split('\n').slice(0, -1) };
}

const lineWith = (lines: readonly string[], text: string): string => {
  const line = lines.find((l) => l.includes(text));
  expect(line, `a line with ${JSON.stringify(text)} in:\n${lines.join('\n')}`).to.be.a('string');
  return line as string;
};

describe('core: cloudlog-pretty, on a pipe of real app output', function () {
  this.timeout(60_000);
  /** What the command printed when the app's stdout was its stdin. */
  let piped: { code: number | null; out: string; err: string; lines: string[] };
  /** The raw output of a second run of the app, for the runs with filters. */
  let raw = '';

  before(async () => {
    // Prepare: app A's stdout is the command's stdin (an OS pipe between the two processes);
    // app B's stdout is kept raw, for the filter runs.
    const cli = collect(spawn(process.execPath, [bin], { stdio: ['pipe', 'pipe', 'pipe'] }));
    const [a, b] = await Promise.all([startApp(cli.child.stdin as Writable), startApp('pipe')]);
    b.app.stdout?.on('data', (d: Buffer) => (raw += d.toString()));
    const bExited = collect(b.app).exited();
    // Act
    await Promise.all([exercise(a.port), exercise(b.port)]);
    const code = await cli.exited();
    await bExited;
    piped = { code, out: cli.out(), err: cli.err(), lines: cli.out().split('\n').slice(0, -1) };
  });

  it('ends with the input, exit code 0, nothing on stderr, and no colour when stdout is not a terminal', () => {
    expect(piped.code).to.equal(0);
    expect(piped.err).to.equal('');
    expect(piped.out).not.to.include('\x1b');
  });

  it('prints aligned lines: time, level, name, message at one column, then the fields', () => {
    const rendered = piped.lines.filter((l) => RENDERED.test(l));
    expect(rendered.length).to.be.greaterThanOrEqual(10);
    for (const line of rendered) {
      expect(line.slice(0, MESSAGE_COLUMN), line).to.match(/^\S{12} [A-Z ]{5} (?:[\w-]+: *| +)$/);
      expect(line[MESSAGE_COLUMN], line).not.to.equal(' ');
    }
    expect(lineWith(piped.lines, 'checkout ready')).to.match(/^\S{12} INFO {2}checkout-service: checkout ready$/);
    expect(lineWith(piped.lines, 'loading user')).to.match(
      /^\S{12} DEBUG checkout-service: loading user requestId=req-alpha method=GET path=\/users\/42 userId=42$/,
    );
  });

  it("reads cloudlog's json() lines: its access line as method, path, status, duration; an error's stack below it", () => {
    const access = lineWith(piped.lines, 'GET /users/42 200');
    expect(access).to.match(
      /^\S{12} INFO {2}checkout-service: GET \/users\/42 200 [\d.]+m?s requestId=req-alpha route=\/users\/:id /,
    );
    expect(access).not.to.include('msg=');
    const failed = lineWith(piped.lines, 'GET /fail');
    expect(failed).to.match(
      / ERROR checkout-service: GET \/fail 500 errored [\d.]+m?s requestId=req-beta route=\/fail /,
    );
    expect(failed).to.include(' err=TypeError: cart is empty');
    const next = piped.lines[piped.lines.indexOf(failed) + 1];
    expect(next).to.match(/^ {4}at .*pretty-app\.ts/);
    // A control character in a message is escaped, never a colour on the terminal.
    expect(lineWith(piped.lines, 'user typed')).to.include('user typed \\u001b[31mred\\u001b[0m in a form');
  });

  it("reads pino's lines: level numbers, epoch-ms time, msg; pid and hostname left out", () => {
    const line = lineWith(piped.lines, 'cache miss');
    expect(line).to.match(/^\S{12} WARN {2}pino-worker: {6}cache miss userId=42$/);
    const failed = lineWith(piped.lines, 'shutting down');
    expect(failed).to.match(/^\S{12} ERROR pino-worker: {6}shutting down err=Error: worker stopped$/);
    expect(piped.lines[piped.lines.indexOf(failed) + 1]).to.match(/^ {4}at /);
  });

  it('reads the Cloud Logging stdout shape: severity, message, timestamp, httpRequest and trace keys', () => {
    const warn = lineWith(piped.lines, 'order is late');
    expect(warn).to.match(
      /^\S{12} WARN {20}order is late requestId=req-gamma traceId=0af7651916cd43dd8448eb211c80319c spanId=b7ad6b7169203331 /,
    );
    const access = lineWith(piped.lines, 'GET /gcp/orders/9');
    expect(access).to.match(/^\S{12} INFO {20}GET \/gcp\/orders\/9 202 [\d.]+m?s requestId=req-gamma /);
    for (const line of [warn, access]) {
      expect(line).not.to.match(/logging\.googleapis\.com|insertId|severity|timestamp|httpRequest/);
    }
  });

  it('passes lines that are not JSON log lines through unchanged', () => {
    for (const line of PASSED_THROUGH) expect(piped.lines).to.include(line);
  });

  it('--level warn (or WARNING, or 40) shows warn and above of every shape, and the lines it passes through', async () => {
    // Act
    const runs = await Promise.all([prettyOf(raw, ['--level', 'warn']), prettyOf(raw, ['--level=WARNING'])]);
    const byNumber = await prettyOf(raw, ['--level', '40']);
    // Assess
    const [warn] = runs;
    const rendered = (warn?.lines ?? []).filter((l) => RENDERED.test(l));
    expect(rendered.map((l) => l.slice(13, 18))).to.deep.equal(['WARN ', 'ERROR', 'WARN ', 'ERROR']);
    expect(rendered.map((l) => l.slice(MESSAGE_COLUMN))).to.satisfy((messages: string[]) =>
      ['cache miss', 'GET /fail', 'order is late', 'shutting down'].every((m, i) => messages[i]?.startsWith(m)),
    );
    for (const line of PASSED_THROUGH) expect(warn?.lines).to.include(line);
    expect(runs[1]?.out).to.equal(warn?.out);
    expect(byNumber.out).to.equal(warn?.out);
  });

  it('--request-id shows one request’s lines (cloudlog’s requestId, Cloud Logging lines too)', async () => {
    const alpha = await prettyOf(raw, ['--request-id', 'req-alpha']);
    const gamma = await prettyOf(raw, ['--request-id=req-gamma']);
    const messages = (run: { lines: string[] }) =>
      run.lines.filter((l) => RENDERED.test(l)).map((l) => l.slice(MESSAGE_COLUMN).split(' requestId=')[0]);
    expect(messages(alpha)).to.satisfy(
      (m: string[]) =>
        m.length === 3 &&
        m[0] === 'loading user' &&
        m[1]?.startsWith('user typed') === true &&
        /^GET \/users\/42 200 /.test(m[2] ?? ''),
    );
    expect(messages(gamma).map((m) => (m ?? '').replace(/ [\d.]+m?s$/, ''))).to.deep.equal([
      'order is late',
      'GET /gcp/orders/9 202',
    ]);
  });

  it('--color forces colours (over NO_COLOR too): levels, names, the status by class; input escapes stay escaped', async () => {
    const { out } = await prettyOf(raw, ['--color'], { NO_COLOR: '1' });
    expect(out).to.include('\x1b[33mWARN \x1b[0m');
    expect(out).to.include('\x1b[1mcheckout-service\x1b[0m:');
    expect(out).to.include('\x1b[1mGET\x1b[0m /users/42 \x1b[32m200\x1b[0m');
    expect(out).to.include('\x1b[1mGET\x1b[0m /fail \x1b[31m500\x1b[0m \x1b[31merrored\x1b[0m');
    expect(out).to.include('user typed \\u001b[31mred');
    expect(out).not.to.include('\x1b[31mred');
  });

  it('ends quietly when its reader goes away (piped into head): exit code 0, nothing on stderr', async () => {
    // Prepare: a producer of many lines | cloudlog-pretty | head -n 1, spawned from back to front
    const head = collect(spawn('head', ['-n', '1'], { stdio: ['pipe', 'pipe', 'ignore'] }));
    const cli = collect(spawn(process.execPath, [bin], { stdio: ['pipe', head.child.stdin, 'pipe'] }));
    head.child.stdin?.destroy();
    const producer = spawn(
      process.execPath,
      [
        '-e',
        `const line = JSON.stringify({ level: 'info', time: Date.now(), msg: 'line' }) + '\\n';
         process.stdout.on('error', () => process.exit(0));
         for (let i = 0; i < 200000; i++) process.stdout.write(line);`,
      ],
      { stdio: ['ignore', cli.child.stdin, 'ignore'] },
    );
    cli.child.stdin?.destroy();
    // Act
    const [cliCode, headCode] = await Promise.all([cli.exited(), head.exited()]);
    producer.kill();
    // Assess
    expect(headCode).to.equal(0);
    expect(head.out()).to.match(/^\S{12} INFO {2}line\n$/);
    expect(cli.err()).to.equal('');
    expect(cliCode).to.equal(0);
  });

  it('--help prints the usage; a mistake on the command line is exit code 2 with a message', async () => {
    const help = await prettyOf('', ['--help']);
    expect(help.code).to.equal(0);
    expect(help.out).to.match(/^Usage: cloudlog-pretty/);
    expect(help.out).to.include('--request-id <id>');
    const badLevel = await prettyOf('', ['--level', 'loud']);
    expect(badLevel.code).to.equal(2);
    expect(badLevel.err).to.match(/unknown --level "loud"; expected one of trace, debug, info, warn/);
    const unknown = await prettyOf('', ['--colour']);
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.include('unknown option "--colour"');
  });
});
