// `kansoku forwarder --config forwarder.yaml`: the error-alert forwarder as a process.
// A configuration problem exits 2 with every problem listed; SIGTERM/SIGINT stop it
// cleanly (inputs closed, in-flight deliveries finished, state closed). Logs are pino
// JSON lines on stdout; secrets (the ingest token, webhook URLs and secrets) are never logged.
import { parseArgs } from 'node:util';
import { loadConfig } from '../forwarder/config/load.js';
import { ForwarderConfigError } from '../forwarder/errors.js';
import { startForwarder } from '../forwarder/forwarder.js';
import { createForwarderLogger } from '../forwarder/logger.js';
import type { Command } from './commands.js';

const USAGE = `usage: kansoku forwarder [--config <forwarder.yaml>]

Reads error records from Fluentd (POST /ingest) and/or Elasticsearch, groups them and
alerts Slack, a webhook and/or Alertmanager. Every setting can also be given in the
environment (KANSOKU_FORWARDER_…, see docs/forwarder.md). Exit code 2: invalid configuration.
Needs better-sqlite3 12 installed beside kansoku (npm install better-sqlite3@12).`;

export const forwarderCommand: Command = {
  summary: 'run the error-alert forwarder (group error logs, alert Slack, webhooks, Alertmanager)',
  usage: USAGE,
  async run(args) {
    let values: { config?: string; help?: boolean };
    try {
      ({ values } = parseArgs({
        args,
        options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h', default: false } },
        strict: true,
      }));
    } catch (err) {
      process.stderr.write(`kansoku forwarder: ${(err as Error).message}\n${USAGE}\n`);
      return 2;
    }
    if (values.help) {
      process.stderr.write(`${USAGE}\n`);
      return 0;
    }
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig({ ...(values.config !== undefined && { file: values.config }) });
    } catch (err) {
      if (err instanceof ForwarderConfigError) {
        process.stderr.write(`kansoku forwarder: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    const logger = createForwarderLogger(config.log.level);
    const forwarder = await startForwarder({ config, logger });
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
    });
    await forwarder.stop();
    return 0;
  },
};
