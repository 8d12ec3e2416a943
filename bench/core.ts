// pnpm bench:core: cloudlog (json and template) against pino and winston, each logging to a
// destination that discards the bytes. Prints ns/op medians and the ratio to pino.
import { Writable } from 'node:stream';
import { createLogger, type Logger, stream, template } from '@cloudlog/core';
import pino from 'pino';
import winston from 'winston';
import { type Contender, DiscardDestination, formatNs, measure, recordResult, table } from './harness.js';

const BATCH = Number(process.env.BENCH_BATCH ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);

const small = { userId: 'u-123', items: 3, ok: true };
const deep = {
  request: {
    method: 'GET',
    url: '/api/v1/orders?page=2',
    headers: { accept: 'application/json', 'user-agent': 'bench/1.0' },
  },
  order: {
    id: 'ord_9f8e7d',
    lines: [
      { sku: 'A-1', qty: 2, price: 9.99, tags: ['red', 'large'] },
      { sku: 'B-7', qty: 1, price: 24.5, tags: ['blue'] },
    ],
    customer: { id: 42, address: { city: 'Lyon', zip: '69001', geo: { lat: 45.76, lon: 4.83 } } },
  },
};
const childBindings = { service: 'orders', region: 'eu-west-1', version: '1.4.2' };

interface Impl {
  readonly name: string;
  readonly logger: {
    info(a: unknown, b?: string): void;
    debug(a: unknown, b?: string): void;
    child(b: object): Impl['logger'];
  };
  readonly dest: { lines: number };
}

function cloudlogImpl(name: string, format?: ReturnType<typeof template>): Impl {
  const dest = new DiscardDestination();
  const logger: Logger = createLogger({ level: 'info', transports: [stream({ destination: dest, format })] });
  return { name, logger: logger as unknown as Impl['logger'], dest };
}

function pinoImpl(): Impl {
  const dest = new DiscardDestination();
  const logger = pino({ level: 'info' }, dest as unknown as pino.DestinationStream);
  return { name: 'pino', logger: logger as unknown as Impl['logger'], dest };
}

function winstonImpl(): Impl {
  const counter = { lines: 0 };
  const sink = new Writable({
    objectMode: true,
    write(_chunk, _enc, cb) {
      counter.lines++;
      cb();
    },
  });
  const logger = winston.createLogger({
    level: 'info',
    format: winston.format.json(),
    transports: [new winston.transports.Stream({ stream: sink })],
  });
  return { name: 'winston', logger: logger as unknown as Impl['logger'], dest: counter };
}

const cases: Record<string, (impl: Impl) => (i: number) => void> = {
  string: (impl) => () => impl.logger.info('hello world'),
  'small object': (impl) => () => impl.logger.info(small, 'order placed'),
  'child, 3 bindings': (impl) => {
    const child = impl.logger.child(childBindings);
    return () => child.info('hello world');
  },
  'deep object': (impl) => () => impl.logger.info(deep, 'order details'),
  'child per call': (impl) => (i) => impl.logger.child({ requestId: i }).info('hello world'),
  'below threshold': (impl) => () => impl.logger.debug('not logged'),
};

async function main(): Promise<void> {
  const rows: string[][] = [];
  const ratios: number[] = [];
  const only = process.env.BENCH_CASE;
  for (const [label, make] of Object.entries(cases)) {
    if (only !== undefined && !label.includes(only)) continue;
    const impls = [
      cloudlogImpl('cloudlog json'),
      cloudlogImpl('cloudlog template', template('%(levelname)s | %(asctime)s | %(message)s')),
      pinoImpl(),
      winstonImpl(),
    ];
    const contenders: Contender[] = impls.map((impl) => ({
      name: impl.name,
      op: make(impl),
      lines: () => impl.dest.lines,
    }));
    const results = await measure(contenders, { batch: BATCH, rounds: ROUNDS });
    const expectLines = label !== 'below threshold';
    for (const r of results) {
      if (expectLines ? r.lines === 0 : r.lines !== 0)
        throw new Error(`${r.name} wrote ${r.lines} lines for "${label}"`);
    }
    const byName = Object.fromEntries(results.map((r) => [r.name, r.nsPerOp]));
    const ratio = (byName['cloudlog json'] as number) / (byName.pino as number);
    ratios.push(ratio);
    for (const competitor of ['pino', 'winston']) {
      recordResult({
        bench: 'core',
        metric: label,
        competitor,
        cloudlog: byName['cloudlog json'] as number,
        other: byName[competitor] as number,
        unit: 'ns/op',
        better: 'lower',
      });
    }
    rows.push([
      label,
      formatNs(byName['cloudlog json'] as number),
      formatNs(byName['cloudlog template'] as number),
      formatNs(byName.pino as number),
      formatNs(byName.winston as number),
      `${ratio.toFixed(2)}x`,
    ]);
  }
  console.log(`\ncore: ns/op, median of ${ROUNDS} rounds of ${BATCH} calls (node ${process.version})\n`);
  console.log(table(['case', 'cloudlog json', 'cloudlog template', 'pino', 'winston', 'json / pino'], rows));
  const worst = Math.max(...ratios);
  console.log(
    `\ncloudlog json / pino: worst case ${worst.toFixed(2)}x ${worst <= 1 ? '(at or below pino everywhere)' : '(above pino somewhere)'}`,
  );
}

void main();
