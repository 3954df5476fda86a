// What counts as an error: a level at or above the configured one, or an exception
// (error.type) or a stack trace present whatever the level. Include rules, when any are
// given, must match one; exclude rules must match none. A rule matches when every field
// it names matches (namespace and service: one of the list; message: the pattern).
import type { MatchRule } from '../config/config.js';
import { type LogRecord, severityOf } from './record.js';

interface CompiledRule {
  namespaces?: Set<string>;
  services?: Set<string>;
  message?: RegExp;
}

function compile(rule: MatchRule): CompiledRule {
  return {
    ...(rule.namespace && { namespaces: new Set(rule.namespace) }),
    ...(rule.service && { services: new Set(rule.service) }),
    ...(rule.message !== undefined && { message: new RegExp(rule.message) }),
  };
}

function matches(rule: CompiledRule, record: LogRecord): boolean {
  if (rule.namespaces && !rule.namespaces.has(record.namespace)) return false;
  if (rule.services && !rule.services.has(record.service)) return false;
  if (rule.message && !rule.message.test(record.message) && !rule.message.test(record.errorMessage)) return false;
  return true;
}

export interface DetectionOptions {
  minLevel: string;
  include: MatchRule[];
  exclude: MatchRule[];
}

export type Detector = (record: LogRecord) => boolean;

export function createDetector(options: DetectionOptions): Detector {
  const minSeverity = severityOf(options.minLevel);
  const include = options.include.map(compile);
  const exclude = options.exclude.map(compile);
  return (record) => {
    const isError = record.severity >= minSeverity || record.errorType !== '' || record.stackTrace !== '';
    if (!isError) return false;
    if (include.length > 0 && !include.some((rule) => matches(rule, record))) return false;
    return !exclude.some((rule) => matches(rule, record));
  };
}
