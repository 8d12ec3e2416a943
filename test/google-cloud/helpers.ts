// Shared set-up for the transport tests: a local Cloud Logging server on 127.0.0.1 port 0, and
// transports pointed at it through the real @google-cloud/logging client.
import {
  type GoogleCloudTransport,
  type GoogleCloudTransportOptions,
  googleCloudTransport,
} from '@cloudlog/google-cloud';
import { LocalCloudLogging, type StoredEntry } from '@cloudlog/testing';
import { credentials } from '@grpc/grpc-js';

export const PROJECT = 'gcloud-test';
export const RESOURCE = { type: 'global', labels: { project_id: PROJECT } } as const;
/** Environment of a machine that is not on Google Cloud: `auto` means api, request logs on. */
export const LAPTOP_ENV = Object.freeze({}) as Readonly<Record<string, string>>;

/**
 * Options for a client that is never meant to reach anything: insecure credentials of the
 * @grpc/grpc-js copy google-gax loads (the workspace has one) and a named universe, so that
 * creating it searches for no credentials and probes no metadata server.
 */
export function offlineClientOptions(projectId = PROJECT) {
  return {
    projectId,
    apiEndpoint: '127.0.0.1',
    port: 1,
    sslCreds: credentials.createInsecure(),
    universeDomain: 'googleapis.com',
  };
}

/** Collects what the transport reports instead of printing it. */
export class ErrorLog {
  readonly errors: Error[] = [];
  readonly onError = (error: Error): void => {
    this.errors.push(error);
  };
  get messages(): string[] {
    return this.errors.map((e) => e.message);
  }
}

export async function startServer(): Promise<LocalCloudLogging> {
  return LocalCloudLogging.start();
}

/** An api-mode transport with a client the transport creates (and closes) from the server's options. */
export function apiTransport(
  server: LocalCloudLogging,
  options: GoogleCloudTransportOptions = {},
): GoogleCloudTransport & { readonly errors: ErrorLog } {
  const errors = new ErrorLog();
  const transport = googleCloudTransport({
    mode: 'api',
    clientOptions: server.clientOptions(PROJECT),
    resource: RESOURCE,
    env: LAPTOP_ENV,
    onError: errors.onError,
    flushIntervalMs: 20,
    timeoutMs: 500,
    retry: { baseDelayMs: 10, maxDelayMs: 200 },
    ...options,
  });
  return Object.assign(transport, { errors });
}

/** Entries of one log, by LOG_ID. */
export function entriesOf(server: LocalCloudLogging, logId: string): StoredEntry[] {
  return server.entries({ logName: logId });
}

export { until } from '../support/capture.js';

/** The TransportStats identity every transport keeps. */
export function balanced(stats: {
  enqueued: number;
  droppedAtPush: number;
  sent: number;
  droppedTotal: number;
  bufferedEvents: number;
}): boolean {
  return stats.enqueued + stats.droppedAtPush === stats.sent + stats.droppedTotal + stats.bufferedEvents;
}
