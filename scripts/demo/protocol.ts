// What the demo script and its app processes say to each other, and the names they share.
import type { TransportStats } from '@cloudlog/core';

export type AppName = 'express' | 'koa';
export const APPS: readonly AppName[] = ['express', 'koa'];
export const DEMO_PROJECT = 'cloudlog-demo';

export interface DemoTargets {
  readonly cloudWatchEndpoint: string;
  readonly cloudLoggingPort: number;
}

export interface AppStats {
  readonly console: TransportStats | undefined;
  readonly cloudWatch: TransportStats;
  readonly googleCloud: TransportStats;
}

export type ToParent =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'stats'; readonly stats: AppStats };
export type ToChild = { readonly type: 'finish' };

/** Where an app's lines land: its CloudWatch log group, its Cloud Logging log and request log. */
export function logNamesOf(app: AppName): { cloudWatchGroup: string; cloudLoggingLog: string; requestLog: string } {
  return { cloudWatchGroup: `/cloudlog-demo/${app}`, cloudLoggingLog: `${app}-app`, requestLog: `${app}-app_reqlog` };
}
