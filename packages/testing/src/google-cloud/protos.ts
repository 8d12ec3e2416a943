// Loads the `google.logging.v2` service definition from the protos that ship with the very
// `@google-cloud/logging` this package depends on, so server and client speak the same schema.
// The protos live in its dependency `@google-cloud/logging-api` (`build/protos`); the common
// `google/api`, `google/rpc` and `google/protobuf` files come from the google-gax it uses.
// pnpm does not hoist, so each step resolves from the directory of the package before it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** How decoded messages look: camelCase fields, int64 as strings, enums by name, no defaults. */
export const DECODE_OPTIONS = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
} as const;

/**
 * The file of this module, in either build. CommonJS has `__filename`; ESM would need
 * `import.meta`, which the CommonJS twin cannot contain, so the ESM build reads its own URL
 * from a V8 call site instead.
 */
function thisModuleFile(): string {
  if (typeof __filename === 'string') return __filename;
  const { prepareStackTrace, stackTraceLimit } = Error;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.stackTraceLimit = Math.max(stackTraceLimit, 1);
    const sites = new Error().stack as unknown as NodeJS.CallSite[];
    const file = sites[0]?.getFileName();
    if (!file) throw new Error('no call site');
    return file.startsWith('file:') ? fileURLToPath(file) : file;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

let chain: { apiPkg: string; gaxMain: string } | undefined;

function resolveChain(): { apiPkg: string; gaxMain: string } {
  if (chain) return chain;
  const fromHere = createRequire(thisModuleFile());
  const loggingPkg = fromHere.resolve('@google-cloud/logging/package.json');
  const apiPkg = createRequire(loggingPkg).resolve('@google-cloud/logging-api/package.json');
  // google-gax 5 has an export map without `./package.json`; its main is build/src/index.js.
  const gaxMain = createRequire(apiPkg).resolve('google-gax');
  chain = { apiPkg, gaxMain };
  return chain;
}

/** Include directories: `@google-cloud/logging-api`'s protos first, then google-gax's. */
export function protoIncludeDirs(): string[] {
  const { apiPkg, gaxMain } = resolveChain();
  return [join(dirname(apiPkg), 'build', 'protos'), join(dirname(gaxMain), '..', 'protos')];
}

/**
 * The `@grpc/grpc-js` that the Cloud Logging client really uses (the one google-gax loads).
 * Credentials must come from it: grpc-js checks them with `instanceof`, so insecure
 * credentials made by another copy of grpc-js would be refused.
 */
export function clientGrpc(): typeof import('@grpc/grpc-js') {
  return createRequire(resolveChain().gaxMain)('@grpc/grpc-js');
}

/** The gRPC methods of `google.logging.v2.LoggingServiceV2`. */
export type LoggingMethod =
  | 'WriteLogEntries'
  | 'ListLogEntries'
  | 'ListLogs'
  | 'DeleteLog'
  | 'ListMonitoredResourceDescriptors'
  | 'TailLogEntries';

export const LOGGING_METHODS: readonly LoggingMethod[] = [
  'WriteLogEntries',
  'ListLogEntries',
  'ListLogs',
  'DeleteLog',
  'ListMonitoredResourceDescriptors',
  'TailLogEntries',
];

let cached: ServiceDefinition | undefined;

/** The service definition (parsed once per process: it is immutable and costs ~60 ms). */
export function loggingServiceDefinition(): ServiceDefinition {
  if (!cached) {
    const definition = loadSync(['google/logging/v2/logging.proto'], {
      ...DECODE_OPTIONS,
      includeDirs: protoIncludeDirs(),
    });
    cached = definition['google.logging.v2.LoggingServiceV2'] as ServiceDefinition;
  }
  return cached;
}
