// A local Google Cloud Logging service: `google.logging.v2.LoggingServiceV2` over gRPC, for the
// real `@google-cloud/logging` client. It validates writes like the service, stores what it
// accepts as plain objects, answers ListLogEntries / ListLogs / DeleteLog, and injects faults.

import type { ServerUnaryCall, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import {
  type ChannelCredentials,
  Metadata,
  Server,
  ServerCredentials,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import { CallLog } from './call-log.js';
import { EntryStore } from './entry-store.js';
import {
  type FailNextOptions,
  type FailRandomlyOptions,
  type Fault,
  type FaultCode,
  FaultPlan,
  type HangNextOptions,
} from './faults.js';
import { DEFAULT_RETENTION_DAYS, MAX_REQUEST_BYTES } from './limits.js';
import { clientGrpc, type LoggingMethod, loggingServiceDefinition } from './protos.js';
import { listLogEntries, listLogs } from './read-logs.js';
import type { EntryQuery, RecordedCall, StoredEntry } from './types.js';
import type { TraceValidation } from './validate-entry.js';
import type { RpcStatus } from './wire.js';
import type {
  WireDeleteLogRequest,
  WireListEntriesRequest,
  WireListLogsRequest,
  WireWriteRequest,
} from './wire-types.js';
import { writeEntries } from './write-entries.js';

export interface LocalCloudLoggingOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Clock in epoch milliseconds, for the 1-day-ahead rule, assigned timestamps and retention. @default Date.now */
  readonly now?: () => number;
  /**
   * `strict` rejects a `trace` that is not `projects/<project>/traces/<32 hex>` or a `spanId`
   * that is not 16 hex digits; the real service stores any string. @default 'strict'
   */
  readonly traceValidation?: TraceValidation;
  /** Entries older than this are accepted but not listed by ListLogEntries. @default 30 */
  readonly retentionDays?: number;
}

/** Options for `new Logging(...)` that reach this server with no credentials and no network. */
export interface LoggingClientOptions {
  readonly projectId: string;
  readonly apiEndpoint: string;
  readonly port: number;
  readonly sslCreds: ChannelCredentials;
  /**
   * Set so that google-gax does not ask google-auth-library for the credentials' universe,
   * which would search for Application Default Credentials and probe the GCE metadata server.
   */
  readonly universeDomain: string;
}

export interface WaitForEntriesOptions extends EntryQuery {
  /** @default 5000 */
  readonly timeoutMs?: number;
}

type Responder = (error: (RpcStatus & { statusDetailsBin?: Uint8Array }) | undefined, response?: unknown) => void;

/** Methods answered here; the rest get grpc-js's UNIMPLEMENTED. */
const IMPLEMENTED: readonly LoggingMethod[] = ['WriteLogEntries', 'ListLogEntries', 'ListLogs', 'DeleteLog'];

const MAX_RECEIVE_BYTES = 4 * MAX_REQUEST_BYTES;
const SHUTDOWN_GRACE_MS = 1000;

export class LocalCloudLogging implements AsyncDisposable {
  readonly host: string;
  #port: number;
  #server: Server | undefined;
  #closed = false;
  readonly #now: () => number;
  readonly #traceValidation: TraceValidation;
  readonly #retentionDays: number;
  readonly #store = new EntryStore();
  readonly #calls = new CallLog();
  readonly #faults = new FaultPlan();
  /** Hung and delayed calls, answered UNAVAILABLE on stop/close so that shutdown is graceful. */
  readonly #held = new Map<Responder, NodeJS.Timeout | undefined>();
  #insertSeq = 0;

  private constructor(options: LocalCloudLoggingOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.#port = options.port ?? 0;
    this.#now = options.now ?? Date.now;
    this.#traceValidation = options.traceValidation ?? 'strict';
    this.#retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    if (!Number.isInteger(this.#port) || this.#port < 0 || this.#port > 65535) {
      throw new TypeError(`port must be an integer in [0, 65535], got ${String(options.port)}`);
    }
    if (this.#traceValidation !== 'strict' && this.#traceValidation !== 'off') {
      throw new TypeError(`traceValidation must be 'strict' or 'off', got ${String(options.traceValidation)}`);
    }
  }

  /** Starts a server; `await server.close()` (or `await using`) when done. */
  static async start(options: LocalCloudLoggingOptions = {}): Promise<LocalCloudLogging> {
    const server = new LocalCloudLogging(options);
    await server.#listen();
    return server;
  }

  get port(): number {
    return this.#port;
  }

  /** `host:port`, as gRPC targets are written. */
  get address(): string {
    return `${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.#port}`;
  }

  get running(): boolean {
    return this.#server !== undefined;
  }

  /**
   * Options for `new Logging(server.clientOptions('my-project'))`: enough on their own, no
   * environment variable needed. Pass an explicit `resource` to `log.write` (or to each entry's
   * metadata) too, or the client probes the metadata server to detect one.
   */
  clientOptions(projectId = 'local-project'): LoggingClientOptions {
    return localCloudLoggingClientOptions({ host: this.host, port: this.#port, projectId });
  }

  /** Accepted entries in arrival order; the client's diagnostic entry is left out unless asked for. */
  entries(query: EntryQuery = {}): StoredEntry[] {
    return this.#store.entries(query);
  }

  /** Distinct log names that have entries, in order of first arrival. */
  logNames(query: Pick<EntryQuery, 'projectId'> = {}): string[] {
    return this.#store.logNames(query);
  }

  /** The RPCs received, optionally of one method, oldest first. */
  calls(method?: LoggingMethod): RecordedCall[] {
    return this.#calls.calls(method);
  }

  /** Resolves with the matching entries once there are at least `count`; rejects at the deadline. */
  waitForEntries(count: number, options: WaitForEntriesOptions = {}): Promise<StoredEntry[]> {
    const { timeoutMs = 5000, ...query } = options;
    return this.#store.waitFor(count, query, timeoutMs);
  }

  /** Forgets entries, recorded calls and faults. */
  reset(): void {
    this.#store.clear();
    this.#calls.clear();
    this.#faults.clear();
  }

  /** The next `times` calls (default 1) of `method` (default WriteLogEntries) fail with `code`. */
  failNext(code: FaultCode, options?: FailNextOptions): this {
    this.#faults.failNext(code, options);
    return this;
  }

  /** From now on, each call of `method` fails with `code` with probability `fraction`. */
  failRandomly(fraction: number, code: FaultCode, options?: FailRandomlyOptions): this {
    this.#faults.failRandomly(fraction, code, options);
    return this;
  }

  /** The next calls are never answered (the client's deadline fires), or answered after `delayMs`. */
  hangNext(options?: HangNextOptions): this {
    this.#faults.hangNext(options);
    return this;
  }

  clearFaults(): this {
    this.#faults.clear();
    return this;
  }

  /** Stops listening (clients get UNAVAILABLE); entries, calls and the port are kept for `restart()`. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const [respond, timer] of this.#held) {
      clearTimeout(timer);
      respond({ code: status.UNAVAILABLE, message: 'The service is currently unavailable.' });
    }
    this.#held.clear();
    if (!server) return;
    // A graceful shutdown sends GOAWAY, so clients see their next call refused (UNAVAILABLE), as
    // when the real endpoint is unreachable; a client that keeps its connection open is cut off.
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, SHUTDOWN_GRACE_MS);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  /** Listens again on the same port, with stored data intact. */
  async restart(): Promise<void> {
    if (this.#closed) throw new Error('LocalCloudLogging: restart() after close()');
    if (this.#server) return;
    await this.#listen();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.stop();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #listen(): Promise<void> {
    const server = new Server({ 'grpc.max_receive_message_length': MAX_RECEIVE_BYTES });
    server.addService(this.#serviceDefinition(), this.#implementation());
    this.#port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(this.address, ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      );
    });
    this.#server = server;
  }

  /** The real definition, except that requests arrive as raw bytes: sizes are measured on them. */
  #serviceDefinition(): ServiceDefinition {
    const base = loggingServiceDefinition();
    const definition: Record<string, unknown> = {};
    for (const [name, method] of Object.entries(base)) {
      definition[name] = IMPLEMENTED.includes(name as LoggingMethod)
        ? { ...method, requestDeserialize: (bytes: Buffer) => bytes }
        : method;
    }
    return definition as ServiceDefinition;
  }

  #implementation(): UntypedServiceImplementation {
    const implementation: UntypedServiceImplementation = {};
    for (const method of IMPLEMENTED) {
      implementation[method] = (call: ServerUnaryCall<Buffer, unknown>, callback: sendUnaryData<unknown>) =>
        this.#handle(method, call, callback);
    }
    return implementation;
  }

  #handle(method: LoggingMethod, call: ServerUnaryCall<Buffer, unknown>, callback: sendUnaryData<unknown>): void {
    const bytes = call.request;
    let request: unknown;
    try {
      request = loggingServiceDefinition()[method]!.requestDeserialize(bytes);
    } catch (error) {
      const message = `Invalid ${method} request: ${(error as Error).message}`;
      const finish = this.#calls.begin(this.#summary(method, bytes, {}));
      finish(status.INVALID_ARGUMENT, message);
      callback({ code: status.INVALID_ARGUMENT, details: message });
      return;
    }
    const fault = this.#faults.take(method);
    const finish = this.#calls.begin({
      ...this.#summary(method, bytes, request),
      ...(fault ? { fault: fault.kind } : {}),
    });
    const respond: Responder = (error, response) => {
      if (!error) {
        finish(status.OK, '');
        callback(null, response);
        return;
      }
      finish(error.code, error.message);
      const metadata = new Metadata();
      if (error.statusDetailsBin) metadata.set('grpc-status-details-bin', Buffer.from(error.statusDetailsBin));
      callback({ code: error.code, details: error.message, metadata });
    };
    this.#applyFault(fault, () => this.#answer(method, bytes, request, respond), respond);
    // A call the client gave up on (deadline) needs no answer any more.
    if (fault?.kind === 'hang') call.once('cancelled', () => this.#held.delete(respond));
  }

  #applyFault(fault: Fault | undefined, run: () => void, respond: Responder): void {
    if (!fault) {
      run();
      return;
    }
    if (fault.kind === 'fail') {
      respond({ code: fault.code, message: fault.message });
      return;
    }
    if (fault.kind === 'hang') {
      this.#held.set(respond, undefined);
      return;
    }
    const timer = setTimeout(() => {
      this.#held.delete(respond);
      run();
    }, fault.delayMs);
    timer.unref();
    this.#held.set(respond, timer);
  }

  #answer(method: LoggingMethod, bytes: Buffer, request: unknown, respond: Responder): void {
    try {
      const answer = this.#compute(method, bytes, request);
      if ('error' in answer) respond(answer.error);
      else respond(undefined, answer.response);
    } catch (error) {
      // Never crash on malformed input: whatever slipped through validation is the caller's fault.
      respond({ code: status.INVALID_ARGUMENT, message: `Invalid ${method} request: ${(error as Error).message}` });
    }
  }

  #compute(
    method: LoggingMethod,
    bytes: Buffer,
    request: unknown,
  ): { error: RpcStatus & { statusDetailsBin?: Uint8Array } } | { response: unknown } {
    const nowMs = this.#now();
    switch (method) {
      case 'WriteLogEntries': {
        const outcome = writeEntries(bytes, request as WireWriteRequest, {
          nowMs,
          traceValidation: this.#traceValidation,
          nextInsertId: () => `local-${String(++this.#insertSeq).padStart(12, '0')}`,
        });
        this.#store.add(outcome.accepted);
        return outcome.error ? { error: outcome.error } : { response: {} };
      }
      case 'ListLogEntries':
        return listLogEntries(this.#store.records(), request as WireListEntriesRequest, {
          nowMs,
          retentionDays: this.#retentionDays,
        });
      case 'ListLogs':
        return listLogs(this.#store.records(), request as WireListLogsRequest);
      case 'DeleteLog':
        return this.#deleteLog(request as WireDeleteLogRequest);
      default:
        return { error: { code: status.UNIMPLEMENTED, message: `${method} is not implemented by the local server` } };
    }
  }

  #deleteLog(request: WireDeleteLogRequest): { error: RpcStatus } | { response: unknown } {
    const name = (request.logName ?? '').replace(/^\//, '');
    if (this.#store.deleteLog(name) === 0) {
      return { error: { code: status.NOT_FOUND, message: `Log ${name} does not exist` } };
    }
    return { response: {} };
  }

  #summary(method: LoggingMethod, bytes: Buffer, request: unknown): Omit<RecordedCall, 'code' | 'message'> {
    const write = method === 'WriteLogEntries' ? (request as WireWriteRequest) : undefined;
    const entries = write?.entries ?? [];
    const diagnostic = entries.filter((e) => e.jsonPayload?.fields?.['logging.googleapis.com/diagnostic']).length;
    return {
      method,
      receivedAt: new Date(this.#now()),
      entryCount: entries.length - diagnostic,
      ...(write?.logName ? { logName: write.logName } : {}),
      partialSuccess: write?.partialSuccess === true,
      dryRun: write?.dryRun === true,
      requestBytes: bytes.length,
    };
  }
}

/**
 * The options `clientOptions()` returns, for a server started elsewhere (another process, a
 * global test set-up): only its host and port are needed.
 */
export function localCloudLoggingClientOptions(where: {
  readonly port: number;
  readonly host?: string;
  readonly projectId?: string;
}): LoggingClientOptions {
  return {
    projectId: where.projectId ?? 'local-project',
    apiEndpoint: where.host ?? '127.0.0.1',
    port: where.port,
    sslCreds: clientGrpc().credentials.createInsecure(),
    universeDomain: 'googleapis.com',
  };
}
