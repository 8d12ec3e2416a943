// A service whose debug lines show only where the route asks for them: GET /payments runs
// under routeLevel('debug'), which getLogger() loggers below the handler follow too.
import { getLogger } from '@cloudlog/core';

const log = getLogger('payments');

export interface Payment {
  readonly id: string;
  readonly amountCents: number;
}

export function listPayments(userId: string | undefined): Payment[] {
  log.debug({ userId }, 'querying the ledger');
  const payments = [
    { id: 'p-1', amountCents: 1250 },
    { id: 'p-2', amountCents: 990 },
  ];
  log.debug({ count: payments.length }, 'ledger answered');
  return payments;
}
