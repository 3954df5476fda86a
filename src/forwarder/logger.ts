// The forwarder's structured logs: pino JSON lines with ECS names, secrets redacted. The
// `kansoku forwarder` command writes them to stdout; the demo, to its own log file.
import pino, { type DestinationStream, type Logger } from 'pino';
import type { ForwarderConfig } from './config/config.js';

export const FORWARDER_SERVICE_NAME = 'kansoku-forwarder';

export function createForwarderLogger(level: ForwarderConfig['log']['level'], destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { 'service.name': FORWARDER_SERVICE_NAME },
    messageKey: 'message',
    timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ 'log.level': label }) },
    redact: {
      paths: ['token', 'secret', 'webhookUrl', 'password', 'apiKey', 'auth'].flatMap((key) => [key, `*.${key}`]),
      censor: '[redacted]',
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
