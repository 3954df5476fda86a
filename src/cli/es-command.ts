// `kansoku es setup`: creates (or brings up to date) the Elasticsearch index templates and
// lifecycle policy for kansoku's log indices, and says what the cluster lacks. Safe to run
// any number of times. Credentials come from the environment only, so they never appear
// in a process list or a shell history.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import { type ClientOptions, elasticsearchClientOptions } from '../elasticsearch/client-options.js';
import { setupLogIndices } from '../elasticsearch/log-index-setup.js';
import { DEFAULT_LOG_TEMPLATE_OPTIONS, type LogTemplateOptions } from '../elasticsearch/log-templates.js';
import type { Command } from './commands.js';

const USAGE = `usage: kansoku es setup [--node <url>] [--name <name>] [--index-pattern <pattern>]...
                        [--retention <age>] [--replicas <n>]

Puts the component template <name>-mappings, the index template <name> (patterns
${DEFAULT_LOG_TEMPLATE_OPTIONS.indexPatterns.join(', ')} by default) and, where the cluster
has ILM, the lifecycle policy <name> (delete after --retention, default ${DEFAULT_LOG_TEMPLATE_OPTIONS.retention}).

  --node       Elasticsearch URL (default: $KANSOKU_ES_NODE, else http://127.0.0.1:9200)
  credentials  $KANSOKU_ES_API_KEY, or $KANSOKU_ES_USERNAME and $KANSOKU_ES_PASSWORD;
               $KANSOKU_ES_CA_FILE for a private CA`;

export class UsageError extends Error {}

interface EsSetupArgs {
  node: string;
  templates: LogTemplateOptions;
}

/** The command line and environment, validated once: every problem is listed. */
export function parseEsSetupArgs(args: string[], env: NodeJS.ProcessEnv): EsSetupArgs {
  const { values, positionals } = parseArgs({
    args,
    options: {
      node: { type: 'string' },
      name: { type: 'string' },
      'index-pattern': { type: 'string', multiple: true },
      retention: { type: 'string' },
      replicas: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const problems: string[] = [];
  if (positionals.length > 0) problems.push(`unexpected argument "${positionals.join(' ')}"`);
  const node = values.node ?? env.KANSOKU_ES_NODE ?? 'http://127.0.0.1:9200';
  try {
    const url = new URL(node);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      problems.push(`--node must be an http(s) URL, got "${node}"`);
    if (url.username || url.password)
      problems.push('--node must not carry credentials: use $KANSOKU_ES_USERNAME/$KANSOKU_ES_PASSWORD');
  } catch {
    problems.push(`--node must be a URL, got "${node}"`);
  }
  const name = values.name ?? DEFAULT_LOG_TEMPLATE_OPTIONS.name;
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name))
    problems.push(`--name must be lowercase letters, digits, "-" and "_", got "${name}"`);
  const retention = values.retention ?? DEFAULT_LOG_TEMPLATE_OPTIONS.retention;
  if (!/^\d+(d|h|m|s)$/.test(retention))
    problems.push(`--retention must be an age such as 30d or 12h, got "${retention}"`);
  let replicas: number | undefined;
  if (values.replicas !== undefined) {
    replicas = Number(values.replicas);
    if (!Number.isInteger(replicas) || replicas < 0)
      problems.push(`--replicas must be a whole number, got "${values.replicas}"`);
  }
  const patterns = values['index-pattern'] ?? DEFAULT_LOG_TEMPLATE_OPTIONS.indexPatterns;
  for (const p of patterns)
    if (!/^[a-z0-9][a-z0-9._*-]*$/.test(p)) problems.push(`--index-pattern "${p}" is not a lowercase index pattern`);
  if ((env.KANSOKU_ES_USERNAME === undefined) !== (env.KANSOKU_ES_PASSWORD === undefined))
    problems.push('$KANSOKU_ES_USERNAME and $KANSOKU_ES_PASSWORD go together');
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return { node, templates: { name, indexPatterns: patterns, retention, replicas } };
}

/** The client's options for `node`, credentials and CA from the environment. */
export function clientOptions(node: string, env: NodeJS.ProcessEnv): ClientOptions {
  const auth = env.KANSOKU_ES_API_KEY
    ? { apiKey: env.KANSOKU_ES_API_KEY }
    : env.KANSOKU_ES_USERNAME !== undefined
      ? { username: env.KANSOKU_ES_USERNAME, password: env.KANSOKU_ES_PASSWORD ?? '' }
      : undefined;
  return elasticsearchClientOptions({
    node,
    requestTimeout: 30_000,
    ...(auth && { auth }),
    ...(env.KANSOKU_ES_CA_FILE && { ca: readFileSync(env.KANSOKU_ES_CA_FILE) }),
  });
}

export const esCommand: Command = {
  summary: 'create the Elasticsearch index templates and lifecycle policy for the log indices',
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'setup' || rest.includes('--help') || rest.includes('-h')) {
      process.stderr.write(`${USAGE}\n`);
      return sub === undefined || sub === 'setup' || sub === '--help' || sub === '-h' ? 0 : 2;
    }
    let parsed: EsSetupArgs;
    try {
      parsed = parseEsSetupArgs(rest, process.env);
    } catch (err) {
      if (!(err instanceof UsageError) && !(err instanceof TypeError)) throw err;
      process.stderr.write(`kansoku es setup: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    const client = new Client(clientOptions(parsed.node, process.env));
    try {
      const report = await setupLogIndices(client, parsed.templates);
      const f = report.features;
      process.stdout.write(`Elasticsearch ${f.version ?? '(version unknown)'} at ${parsed.node}\n`);
      for (const step of report.steps)
        process.stdout.write(
          `  ${step.result.padEnd(8)} ${step.kind} ${step.name}${step.reason ? ` (${step.reason})` : ''}\n`,
        );
      for (const line of report.missing) process.stdout.write(`  missing  ${line}\n`);
      return 0;
    } finally {
      await client.close();
    }
  },
};
