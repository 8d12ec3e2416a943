// stdout mode: structured JSON lines written synchronously through core's stream transport,
// which counts them, guards the stream against EPIPE and drains it on flush()/close().
import { stream } from '@cloudlog/core';
import { projectIdFromMetadataServer } from './metadata-project.js';
import { onGoogleCloud, projectIdFromEnv } from './platform.js';
import type { ResolvedOptions } from './resolve-options.js';
import { StructuredLine } from './structured-line.js';
import type { GoogleCloudTransport } from './transport-types.js';

export function stdoutTransport(options: ResolvedOptions): Omit<GoogleCloudTransport, typeof Symbol.asyncDispose> {
  const { env, onError } = options;
  const projectId = options.projectId ?? projectIdFromEnv(env);
  const line = new StructuredLine({ projectId, labels: options.labels, requestLog: options.requestLog });
  if (projectId === undefined && onGoogleCloud(env)) {
    void projectIdFromMetadataServer(env).then((found) => {
      if (found !== undefined) line.projectId ??= found;
      else report(onError, 'cannot find the project id: lines carry no trace; set projectId or GOOGLE_CLOUD_PROJECT');
    });
  }
  const inner = stream({ destination: options.destination, format: line, onError });
  return {
    mode: 'stdout',
    level: options.level,
    write: inner.write,
    flush: async (timeoutMs) => {
      await inner.flush!(timeoutMs);
    },
    close: (timeoutMs) => inner.close!(timeoutMs),
    stats: () => inner.stats!(),
  };
}

function report(onError: (error: Error) => void, message: string): void {
  try {
    onError(new Error(`google-cloud: ${message}`));
  } catch {}
}
