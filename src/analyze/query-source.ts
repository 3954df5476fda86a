// A PromQL query found in a dashboard or a rule file, and where it was found.
export interface QuerySource {
  /** What uses the query, as the report names it: `dashboard "gRPC overview"`, `rule KubePodCrashLooping`. */
  user: string;
  /** Where in that dashboard or rule file, for messages. */
  where: string;
  expr: string;
}
