/** Parsed log lines are inspected freely in tests: nested fields without a schema. */
// biome-ignore lint/suspicious/noExplicitAny: the one place tests opt out of types
export type Loose = any;
