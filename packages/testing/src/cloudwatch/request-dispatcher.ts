// One HTTP request from arrival to answer: read the body (capped), record the call, let a fault
// answer it or run the operation, and write the answer as AWS JSON 1.1. Nothing a client sends
// may crash the server: every failure becomes an error answer.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultAction, FaultInjector } from './fault-injector.js';
import { JSON_1_1_CONTENT_TYPE, TARGET_PREFIX } from './limits.js';
import type { OperationContext } from './operation-context.js';
import { isCloudWatchOperation, OPERATION_HANDLERS } from './operations.js';
import { type JsonObject, parseRequestBody } from './request-input.js';
import { CloudWatchServiceError } from './service-error.js';
import type { CloudWatchOperation, RecordedCloudWatchRequest } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type RequestRecord = Mutable<RecordedCloudWatchRequest>;

export interface DispatcherOptions {
  readonly context: OperationContext;
  readonly faults: FaultInjector;
  readonly maxRequestBytes: number;
  /** Answer `Connection: keep-alive` instead of closing after each answer. */
  readonly keepAlive: boolean;
  /** Called after each request is recorded and after each answer. */
  readonly onRecord: () => void;
}

export class RequestDispatcher {
  private readonly log: RequestRecord[] = [];
  private readonly callCounts = new Map<string, number>();
  private readonly delayed = new Set<NodeJS.Timeout>();
  private readonly hanging = new Set<ServerResponse>();

  constructor(private readonly options: DispatcherOptions) {}

  /** The `node:http` request listener. */
  readonly listener = (request: IncomingMessage, response: ServerResponse): void => {
    this.handle(request, response).catch((error: unknown) => {
      this.answerUnexpected(response, undefined, error);
    });
  };

  get requests(): readonly RecordedCloudWatchRequest[] {
    return this.log;
  }

  /** Requests received for one operation (or all of them), without scanning the log. */
  calls(operation?: string): number {
    return operation === undefined ? this.log.length : (this.callCounts.get(operation) ?? 0);
  }

  /** Forgets pending delayed answers and hanging requests (their sockets are being destroyed). */
  abandonPending(): void {
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
    this.hanging.clear();
  }

  clearLog(): void {
    this.log.length = 0;
    this.callCounts.clear();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = request.headers['x-amz-target'];
    const rawTarget = typeof target === 'string' ? target : '';
    const operation = rawTarget.startsWith(TARGET_PREFIX) ? rawTarget.slice(TARGET_PREFIX.length) : rawTarget;
    const body = await readBody(request, this.options.maxRequestBytes);
    if (body === undefined) return; // The client went away mid-body.

    const record: RequestRecord = {
      operation,
      input: undefined,
      receivedAt: this.options.context.now(),
      status: undefined,
      errorType: undefined,
      fault: undefined,
    };
    let input: JsonObject | undefined;
    let parseError: unknown;
    if (!body.tooLarge) {
      try {
        input = parseRequestBody(body.text);
        record.input = input;
        if (operation === 'PutLogEvents' && Array.isArray(input.logEvents)) record.eventCount = input.logEvents.length;
      } catch (error) {
        parseError = error;
      }
    }
    this.log.push(record);
    this.callCounts.set(operation, (this.callCounts.get(operation) ?? 0) + 1);
    this.options.onRecord();

    if (body.tooLarge) {
      const limit = this.options.maxRequestBytes;
      const message = `Request body of ${body.bytes} bytes exceeds the limit of ${limit} bytes.`;
      this.answerError(response, record, new CloudWatchServiceError('RequestEntityTooLargeException', message, 413));
      return;
    }
    if (!isCloudWatchOperation(operation)) {
      const name = operation === '' ? 'missing X-Amz-Target' : operation;
      this.answerError(
        response,
        record,
        new CloudWatchServiceError('UnknownOperationException', `Unknown operation: ${name}`),
      );
      return;
    }
    const fault = this.options.faults.take(operation);
    if (fault !== undefined) {
      this.applyFault(fault, response, record, () => this.execute(response, record, operation, input, parseError));
      return;
    }
    this.execute(response, record, operation, input, parseError);
  }

  private applyFault(fault: FaultAction, response: ServerResponse, record: RequestRecord, execute: () => void): void {
    record.fault = fault.kind;
    if (fault.kind === 'error') {
      this.answerError(
        response,
        record,
        fault.type === undefined ? fault.status : new CloudWatchServiceError(fault.type, fault.message, fault.status),
      );
    } else if (fault.kind === 'hang') {
      this.hanging.add(response);
      response.once('close', () => this.hanging.delete(response));
    } else {
      const timer = setTimeout(() => {
        this.delayed.delete(timer);
        execute();
      }, fault.delayMs);
      timer.unref();
      this.delayed.add(timer);
    }
  }

  private execute(
    response: ServerResponse,
    record: RequestRecord,
    operation: CloudWatchOperation,
    input: JsonObject | undefined,
    parseError: unknown,
  ): void {
    try {
      if (parseError !== undefined) throw parseError;
      const output = OPERATION_HANDLERS[operation](input ?? {}, this.options.context);
      this.answer(response, record, 200, output === undefined ? '' : JSON.stringify(output));
    } catch (error) {
      if (error instanceof CloudWatchServiceError) this.answerError(response, record, error);
      else this.answerUnexpected(response, record, error);
    }
  }

  /** A bare status (no body) or the service's JSON error body. */
  private answerError(response: ServerResponse, record: RequestRecord, error: CloudWatchServiceError | number): void {
    if (typeof error === 'number') {
      this.answer(response, record, error, '');
      return;
    }
    record.errorType = error.type;
    this.answer(response, record, error.status, JSON.stringify({ __type: error.type, message: error.message }));
  }

  private answerUnexpected(response: ServerResponse, record: RequestRecord | undefined, error: unknown): void {
    const message = `The local CloudWatch Logs server failed: ${error instanceof Error ? error.message : String(error)}`;
    const failure = new CloudWatchServiceError('InternalFailure', message, 500);
    if (record === undefined) {
      if (!response.headersSent && !response.destroyed) {
        response.writeHead(500, { 'content-type': JSON_1_1_CONTENT_TYPE });
        response.end(JSON.stringify({ __type: failure.type, message }));
      }
      return;
    }
    this.answerError(response, record, failure);
  }

  private answer(response: ServerResponse, record: RequestRecord, status: number, body: string): void {
    if (response.destroyed || response.headersSent) return; // The client gave up, or the server stopped.
    record.status = status;
    response.writeHead(status, {
      'content-type': JSON_1_1_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body, 'utf8'),
      'x-amzn-requestid': randomUUID(),
      connection: this.options.keepAlive ? 'keep-alive' : 'close',
    });
    response.end(body);
    this.options.onRecord();
  }
}

interface Body {
  readonly text: string;
  readonly bytes: number;
  readonly tooLarge: boolean;
}

/** Reads the whole body, keeping at most `max` bytes (the rest is drained); undefined if aborted. */
function readBody(request: IncomingMessage, max: number): Promise<Body | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= max) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.once('end', () => {
      const tooLarge = bytes > max;
      resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), bytes, tooLarge });
    });
    request.once('error', () => resolve(undefined));
    request.once('close', () => {
      if (!request.complete) resolve(undefined);
    });
  });
}
