import { BatchQueueError, createErrorReporter } from '@cloudlog/core';
import { expect } from 'chai';

/** A reporter wired to a fake clock and a line recorder. */
function reporterUnderTest(intervalMs = 1_000) {
  const lines: string[] = [];
  const clock = { now: 0 };
  const report = createErrorReporter('cloudwatch', {
    intervalMs,
    now: () => clock.now,
    write: (line) => lines.push(line),
  });
  return { report, lines, clock };
}

describe('createErrorReporter', () => {
  it('prints the first error at once as one line "cloudlog[<source>]: <message>"', () => {
    // Prepare
    const { report, lines } = reporterUnderTest();

    // Act
    report(new Error('connect ECONNREFUSED'));

    // Assess
    expect(lines).to.deep.equal(['cloudlog[cloudwatch]: connect ECONNREFUSED\n']);
  });

  it('suppresses errors within intervalMs and says how many on the next printed line', () => {
    // Prepare
    const { report, lines, clock } = reporterUnderTest(1_000);

    // Act
    report(new Error('first'));
    clock.now = 10;
    report(new Error('second'));
    clock.now = 999;
    report(new Error('third'));
    clock.now = 1_000;
    report(new Error('fourth'));
    clock.now = 1_500;
    report(new Error('fifth'));
    clock.now = 2_000;
    report(new Error('sixth'));

    // Assess
    expect(lines).to.deep.equal([
      'cloudlog[cloudwatch]: first\n',
      'cloudlog[cloudwatch]: fourth (2 more errors suppressed)\n',
      'cloudlog[cloudwatch]: sixth (1 more error suppressed)\n',
    ]);
  });

  it('keeps one window per reporter', () => {
    // Prepare
    const lines: string[] = [];
    const write = (line: string) => lines.push(line);
    const a = createErrorReporter('a', { write, now: () => 0 });
    const b = createErrorReporter('b', { write, now: () => 0 });

    // Act
    a('x');
    b('y');
    a('z');

    // Assess
    expect(lines).to.deep.equal(['cloudlog[a]: x\n', 'cloudlog[b]: y\n']);
  });

  it('describes anything thrown on one line, with the error name when it tells something', () => {
    // Prepare
    const { report, lines } = reporterUnderTest(0);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const hostile = {
      get message(): string {
        throw new Error('no');
      },
    };

    // Act
    report(throttled);
    report('plain string');
    report({ message: 'an error-like object' });
    report(new Error('line one\nline two\r\n\tline three'));
    report(undefined);
    report(hostile);
    report(Symbol('sym'));

    // Assess
    expect(lines).to.deep.equal([
      'cloudlog[cloudwatch]: ThrottlingException: Rate exceeded\n',
      'cloudlog[cloudwatch]: plain string\n',
      'cloudlog[cloudwatch]: an error-like object\n',
      'cloudlog[cloudwatch]: line one line two line three\n',
      'cloudlog[cloudwatch]: undefined\n',
      'cloudlog[cloudwatch]: unprintable error\n',
      'cloudlog[cloudwatch]: Symbol(sym)\n',
    ]);
  });

  it('does not repeat the source for a queue error that already names it', () => {
    // Prepare
    const { report, lines } = reporterUnderTest();
    const error = new BatchQueueError('cloudwatch: send of 5 items failed (attempt 1), retrying in 50 ms: timeout', {
      queueName: 'cloudwatch',
      reason: 'send_failed',
      count: 5,
    });

    // Act
    report(error);

    // Assess
    expect(lines).to.deep.equal([
      'cloudlog[cloudwatch]: send of 5 items failed (attempt 1), retrying in 50 ms: timeout\n',
    ]);
  });

  it('never throws, even when write or the clock does', () => {
    // Prepare
    const brokenWrite = createErrorReporter('x', {
      write: () => {
        throw new Error('EPIPE');
      },
    });
    const brokenClock = createErrorReporter('x', {
      now: () => {
        throw new Error('clock');
      },
      write: () => {},
    });

    // Act
    const call = () => {
      brokenWrite(new Error('a'));
      brokenClock(new Error('b'));
    };

    // Assess
    expect(call).not.to.throw();
  });

  it('writes to process.stderr by default', () => {
    // Prepare
    const written: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string) => {
      written.push(chunk);
      return true;
    }) as typeof process.stderr.write;
    const report = createErrorReporter('default-sink');

    // Act
    try {
      report(new Error('to stderr'));
    } finally {
      process.stderr.write = original;
    }

    // Assess
    expect(written).to.deep.equal(['cloudlog[default-sink]: to stderr\n']);
  });

  it('rejects invalid options with errors that say what is allowed', () => {
    // Prepare
    const attempts = [
      () => createErrorReporter(''),
      () => createErrorReporter('x', { intervalMs: -1 }),
      () => createErrorReporter('x', { write: 'stderr' as never }),
      () => createErrorReporter('x', { now: 5 as never }),
    ];

    // Act + Assess
    expect(attempts[0]).to.throw(TypeError, 'createErrorReporter: source must be a non-empty string, got ""');
    expect(attempts[1]).to.throw(RangeError, 'intervalMs must be a number of ms >= 0 (Infinity allowed), got -1');
    expect(attempts[2]).to.throw(TypeError, 'write must be a function (line: string) => void, got "stderr"');
    expect(attempts[3]).to.throw(TypeError, 'now must be a function returning ms, got 5');
  });
});
