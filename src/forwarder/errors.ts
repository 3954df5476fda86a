// The forwarder's error codes (docs/errors.md). Problems that happen while running are
// logged once per occurrence with one of these as `error.code`; only a bad configuration
// stops the process.
export const FORWARDER_ERROR_CODES = {
  config: 'KANSOKU_ERR_FORWARDER_CONFIG',
  sink: 'KANSOKU_ERR_FORWARDER_SINK',
  state: 'KANSOKU_ERR_FORWARDER_STATE',
  poll: 'KANSOKU_ERR_FORWARDER_POLL',
} as const;

export type ForwarderErrorCode = (typeof FORWARDER_ERROR_CODES)[keyof typeof FORWARDER_ERROR_CODES];

/** The configuration cannot be used; `problems` lists every problem with its path. */
export class ForwarderConfigError extends Error {
  readonly code = FORWARDER_ERROR_CODES.config;
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${FORWARDER_ERROR_CODES.config}: ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ForwarderConfigError';
  }
}
