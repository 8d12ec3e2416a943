// cloudlog-pretty on hostile and odd input (through its stdin pipe), and its colour defaults,
// which depend on whether stdout is a terminal (run in process, with a stdout that says so).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { expect } from 'chai';
import { runPrettyCommand } from '../../packages/core/dist/esm/cli/pretty-command.js';
import { until } from '../support/capture.js';

const bin = join(import.meta.dirname, '..', '..', 'packages', 'core', 'bin', 'cloudlog-pretty.js');

/** Runs the bin with `input` on its stdin pipe: exit code, stdout bytes, stderr. */
async function run(input: Buffer, args: string[] = []): Promise<{ code: number | null; out: Buffer; err: string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let err = '';
  let code: number | null | undefined;
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.on('close', (c) => (code = c));
  child.stdin.end(input);
  await until(() => code !== undefined, 20_000, 'cloudlog-pretty to exit');
  return { code: code as number | null, out: Buffer.concat(out), err };
}

/** Runs the command in process with a stdout that is, or is not, a terminal. */
async function inProcess(input: string, args: string[], env: NodeJS.ProcessEnv, isTTY: boolean): Promise<string> {
  const stdin = new PassThrough();
  const stdout = Object.assign(new PassThrough(), { isTTY });
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const done = runPrettyCommand(args, { stdin, stdout, stderr: new PassThrough(), env });
  stdin.end(input);
  expect(await done).to.equal(0);
  return out;
}

const LINE = '{"level":"warn","time":"2026-11-24T15:08:00.123Z","name":"web","msg":"disk low"}\n';

describe('core: cloudlog-pretty on odd input, and its colour defaults', function () {
  this.timeout(30_000);

  it('never stops on bad input: what it cannot read as a log line comes out byte for byte', async () => {
    // Prepare
    const passed = [
      Buffer.from('[1,2,3]\n'),
      Buffer.from('42\n'),
      Buffer.from('"just a string"\n'),
      Buffer.from('null\n'),
      Buffer.from('{"level":"info","msg":"unterminated\n'),
      Buffer.from('{}\n'),
      Buffer.from([0xff, 0xfe, 0x7b, 0x0a]), // not UTF-8
      Buffer.from('plain line with a windows ending\r\n'),
      Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}\n`),
    ];
    const rendered = [
      `{"level":"info","msg":"deep","a":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`,
      '{"__proto__":{"polluted":true},"level":"info","msg":"proto key"}\n',
      '{"level":"loud","msg":"unknown level name"}\n',
      '{"level":35,"msg":"unknown level number"}\n',
      '{"level":"info","time":"yesterday","msg":"bad time"}\n',
      '{"level":"info","time":1e400,"msg":"infinite time"}\n',
      '{"level":"info","msg":{"not":"a string"}}\n',
      '{"level":"error","msg":"odd err","err":{"message":5,"stack":7}}\n',
      '{"level":"info","msg":"two\\nlines and \\u001b[2J a clear-screen"}\r\n',
      '{"level":"info","msg":"a C1 escape in a field","v":"\\u009b31m"}\n',
    ];
    const input = Buffer.concat([
      ...passed,
      ...rendered.map((l) => Buffer.from(l)),
      Buffer.from('no newline at the end'),
    ]);
    // Act
    const { code, out, err } = await run(input);
    // Assess
    expect(code).to.equal(0);
    expect(err).to.equal('');
    const expectedStart = Buffer.concat(passed);
    expect(out.subarray(0, expectedStart.length).equals(expectedStart)).to.equal(true);
    const text = out.subarray(expectedStart.length).toString();
    const lines = text.split('\n');
    expect(lines).to.have.length(rendered.length + 1);
    expect(lines.slice(0, -1).map((l) => l.slice(13))).to.deep.equal([
      'INFO  deep a=[[[[[[[[[["[Array]"]]]]]]]]]]',
      'INFO  proto key __proto__={"polluted":true}',
      'loud  unknown level name',
      '35    unknown level number',
      'INFO  bad time',
      'INFO  infinite time',
      'INFO   msg={"not":"a string"}',
      'ERROR odd err err={"message":5,"stack":7}',
      'INFO  two\\nlines and \\u001b[2J a clear-screen',
      'INFO  a C1 escape in a field v="\\u009b31m"',
    ]);
    expect(lines.slice(0, -1).every((l) => l.startsWith('--:--:--.--- '))).to.equal(true);
    expect(lines.at(-1)).to.equal('no newline at the end');
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('passes a line longer than 8 MiB on unread, in pieces, and goes on with the next lines', async () => {
    // A log line, but too long to hold: memory stays bounded, the line comes out as it came.
    const long = Buffer.from(`{"level":"info","msg":"${'x'.repeat(9 * 1024 * 1024)}"}`);
    const input = Buffer.concat([long, Buffer.from(`\n${LINE}`)]);
    const { code, out } = await run(input);
    expect(code).to.equal(0);
    expect(out.subarray(0, long.length + 1).equals(Buffer.concat([long, Buffer.from('\n')]))).to.equal(true);
    expect(out.subarray(long.length + 1).toString()).to.match(/^\d\d:\d\d:\d\d\.123 WARN {2}web: disk low\n$/);
  });

  it('follows back-pressure: a slow stdout gets every line, in order, and never holds more than a chunk', async () => {
    // Prepare
    const stdin = new PassThrough();
    const received: string[] = [];
    let mostBuffered = 0;
    const stdout = new Writable({
      highWaterMark: 64,
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk.toString());
        mostBuffered = Math.max(mostBuffered, this.writableLength);
        setImmediate(callback);
      },
    });
    const done = runPrettyCommand(['--no-color'], { stdin, stdout, stderr: new PassThrough(), env: {} });
    // Act
    for (let i = 0; i < 500; i++) stdin.write(`{"level":"info","msg":"line ${i}"}\n`);
    stdin.end();
    // Assess
    expect(await done).to.equal(0);
    await until(() => received.join('').split('\n').length === 501);
    const messages = received
      .join('')
      .split('\n')
      .slice(0, -1)
      .map((l) => l.slice(19));
    expect(messages).to.deep.equal(Array.from({ length: 500 }, (_, i) => `line ${i}`));
    expect(mostBuffered).to.be.below(1024); // without pausing stdin, all 500 lines (~20 kB) pile up here
  });

  it('colours by default on a terminal; NO_COLOR turns them off; --color and --no-color win over both', async () => {
    const coloured = (out: string) => out.includes('\x1b[33mWARN \x1b[0m');
    expect(coloured(await inProcess(LINE, [], {}, true)), 'terminal').to.equal(true);
    expect(coloured(await inProcess(LINE, [], {}, false)), 'pipe').to.equal(false);
    expect(coloured(await inProcess(LINE, [], { NO_COLOR: '1' }, true)), 'NO_COLOR').to.equal(false);
    expect(coloured(await inProcess(LINE, [], { NO_COLOR: '' }, true)), 'empty NO_COLOR').to.equal(true);
    expect(coloured(await inProcess(LINE, [], { FORCE_COLOR: '1' }, false)), 'FORCE_COLOR').to.equal(true);
    expect(coloured(await inProcess(LINE, ['--color'], { NO_COLOR: '1' }, false)), '--color').to.equal(true);
    expect(coloured(await inProcess(LINE, ['--no-color'], {}, true)), '--no-color').to.equal(false);
  });
});
