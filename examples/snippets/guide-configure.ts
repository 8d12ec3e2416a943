import { configure, getLogger } from '@cloudlog/core';

configure({ level: 'debug', format: '%(levelname)s | %(asctime)s | %(name)s | %(message)s' });

const log = getLogger('billing');
log.info('charged %d cents to %s', 1250, 'acct_42');
// INFO | 2026-11-24 15:08:00,123 | billing | charged 1250 cents to acct_42
