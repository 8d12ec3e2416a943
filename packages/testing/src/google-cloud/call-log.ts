// Every RPC the server received, in order, with the status it answered: for asserting batching
// (entries per request), retries (calls after a fault) and which faults were applied.
import type { LoggingMethod } from './protos.js';
import type { RecordedCall } from './types.js';

type MutableCall = { -readonly [K in keyof RecordedCall]: RecordedCall[K] };

export class CallLog {
  #calls: MutableCall[] = [];

  /** Records a call; the returned function records how it was answered. */
  begin(call: Omit<RecordedCall, 'code' | 'message'>): (code: number, message: string) => void {
    const record: MutableCall = { ...call, code: undefined, message: undefined };
    this.#calls.push(record);
    return (code, message) => {
      if (record.code !== undefined) return;
      record.code = code;
      record.message = message;
    };
  }

  calls(method?: LoggingMethod): RecordedCall[] {
    return this.#calls.filter((c) => method === undefined || c.method === method).map((c) => ({ ...c }));
  }

  clear(): void {
    this.#calls = [];
  }
}
