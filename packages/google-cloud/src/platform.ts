// What the environment says about where the process runs, read once at construction from an
// injectable `env` (process.env by default).

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Set by Cloud Run (`K_SERVICE`), Cloud Run functions (`FUNCTION_TARGET`) and GKE / Kubernetes (`KUBERNETES_SERVICE_HOST`). */
const STDOUT_PLATFORM_VARIABLES = ['K_SERVICE', 'FUNCTION_TARGET', 'KUBERNETES_SERVICE_HOST'] as const;

/** Platforms that write a request log of their own for every request: Cloud Run, Cloud Run functions, App Engine. */
const REQUEST_LOG_PLATFORM_VARIABLES = ['K_SERVICE', 'FUNCTION_TARGET', 'GAE_SERVICE'] as const;

/** Where google-auth-library and the gcloud tools look for an explicit project id, in this order. */
const PROJECT_VARIABLES = ['GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT', 'GCP_PROJECT'] as const;

const isSet = (env: Environment, name: string): boolean => {
  const value = env[name];
  return typeof value === 'string' && value !== '';
};

/** `auto` mode: stdout where a logging agent reads it (Cloud Run, functions, GKE), else the API. */
export function autoMode(env: Environment): 'api' | 'stdout' {
  return STDOUT_PLATFORM_VARIABLES.some((name) => isSet(env, name)) ? 'stdout' : 'api';
}

/** True where the platform logs every request itself: a second request log would duplicate it. */
export function platformWritesRequestLogs(env: Environment): boolean {
  return REQUEST_LOG_PLATFORM_VARIABLES.some((name) => isSet(env, name));
}

/** True on a platform with a metadata server (Cloud Run, functions, App Engine, GKE). */
export function onGoogleCloud(env: Environment): boolean {
  return STDOUT_PLATFORM_VARIABLES.some((name) => isSet(env, name)) || isSet(env, 'GAE_SERVICE');
}

/** The project id set in the environment, if any. */
export function projectIdFromEnv(env: Environment): string | undefined {
  for (const name of PROJECT_VARIABLES) if (isSet(env, name)) return env[name];
  return undefined;
}
