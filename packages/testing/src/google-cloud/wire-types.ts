// The decoded shapes @grpc/proto-loader hands the server (camelCase, int64 as strings, enums
// by name, unknown enum numbers as numbers, absent fields undefined). Everything is optional:
// the server never trusts a field to be there.

export interface WireTimestamp {
  seconds?: string | number;
  nanos?: number;
}

export interface WireValue {
  nullValue?: string | number;
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: WireStruct;
  listValue?: { values?: WireValue[] };
  kind?: string;
}

export interface WireStruct {
  fields?: Record<string, WireValue>;
}

export interface WireResource {
  type?: string;
  labels?: Record<string, string>;
}

export interface WireHttpRequest {
  requestMethod?: string;
  requestUrl?: string;
  requestSize?: string | number;
  status?: number;
  responseSize?: string | number;
  userAgent?: string;
  remoteIp?: string;
  serverIp?: string;
  referer?: string;
  latency?: WireTimestamp;
  cacheLookup?: boolean;
  cacheHit?: boolean;
  cacheValidatedWithOriginServer?: boolean;
  cacheFillBytes?: string | number;
  protocol?: string;
}

export interface WireLogEntry {
  logName?: string;
  resource?: WireResource;
  protoPayload?: { typeUrl?: string; value?: Uint8Array };
  textPayload?: string;
  jsonPayload?: WireStruct;
  payload?: string;
  timestamp?: WireTimestamp;
  receiveTimestamp?: WireTimestamp;
  severity?: string | number;
  insertId?: string;
  httpRequest?: WireHttpRequest;
  labels?: Record<string, string>;
  operation?: { id?: string; producer?: string; first?: boolean; last?: boolean };
  trace?: string;
  spanId?: string;
  traceSampled?: boolean;
  sourceLocation?: { file?: string; line?: string | number; function?: string };
  split?: { uid?: string; index?: number; totalSplits?: number };
}

export interface WireWriteRequest {
  logName?: string;
  resource?: WireResource;
  labels?: Record<string, string>;
  entries?: WireLogEntry[];
  partialSuccess?: boolean;
  dryRun?: boolean;
}

export interface WireListEntriesRequest {
  resourceNames?: string[];
  filter?: string;
  orderBy?: string;
  pageSize?: number;
  pageToken?: string;
}

export interface WireListLogsRequest {
  parent?: string;
  resourceNames?: string[];
  pageSize?: number;
  pageToken?: string;
}

export interface WireDeleteLogRequest {
  logName?: string;
}
