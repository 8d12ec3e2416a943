// @cloudlog/core: Python-style set-up, named loggers, children, redaction and shutdown.
import { configure, createLogger, flushOnExit, getLogger, memory, pretty, stream } from '@cloudlog/core';

// Like logging.basicConfig(): level, a %-style format, and what to hide.
configure({
  level: 'info',
  format: '%(levelname)s | %(asctime)s | %(name)s | %(message)s',
  redact: ['password', 'req.headers.authorization', '*.token'],
});
flushOnExit(getLogger()); // on SIGTERM / SIGINT / beforeExit: deliver what is buffered, then exit

const log = getLogger('billing'); // the same logger for the same name; follows later configure()
log.info('charged %d cents to %s', 1250, 'acct_42');
log.warn({ orderId: 7, attempt: 2 }, 'payment retry');
log.error(new Error('card declined'), 'checkout failed');

const child = log.child({ tenant: 'acme' }, { level: 'debug' }); // bindings serialized once, here
child.debug({ session: { token: 'hidden by *.token' } }, 'session details');

// An independent logger with two transports, each with its own level and format.
const audit = createLogger({
  name: 'audit',
  transports: [stream({ format: pretty(), level: 'warn' }), stream({ destination: '/tmp/audit.log' })],
});
audit.warn({ user: 'ann' }, 'role changed');

// For tests: records kept in memory, as plain objects.
const captured = memory();
createLogger({ transports: [captured] }).info({ n: 1 }, 'remembered');
console.assert(captured.records[0]?.msg === 'remembered');
