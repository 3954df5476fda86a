// Reads kansoku.yaml: YAML syntax errors with their line and column, then every problem of
// the configuration with its path, all in one GenerationError (KANSOKU_ERR_CONFIG).
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { GENERATION_ERROR_CODES, GenerationError } from '../errors/generation-error.js';
import type { KansokuConfig } from './kansoku-config.js';
import { resolveConfig } from './resolve.js';

/** The parsed document of YAML text (`{}` when empty); `source` names the file in messages. Throws a GenerationError. */
export function parseConfigDocument(text: string, source: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new GenerationError(
      GENERATION_ERROR_CODES.configFile,
      `${source} is not valid YAML`,
      document.errors.map((e) => {
        const at = e.linePos?.[0];
        // prettyErrors adds the position; the message's first line, without it, says what.
        return `${source}${at ? `:${at.line}:${at.col}` : ''}: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`;
      }),
    );
  }
  return document.toJS() ?? {};
}

/** The parsed document in the file at `path`; without a path, `{}` (the defaults). Throws a GenerationError. */
export async function readConfigDocument(path?: string): Promise<unknown> {
  if (path === undefined) return {};
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new GenerationError(GENERATION_ERROR_CODES.configFile, `cannot read ${path}`, [reason]);
  }
  return parseConfigDocument(text, path);
}

/** The configuration a document describes; throws a GenerationError listing every problem with its path. */
export function configOf(document: unknown, source: string, extraProblems: readonly string[] = []): KansokuConfig {
  const { config, problems } = resolveConfig(document);
  const all = [...problems, ...extraProblems];
  if (!config || all.length > 0)
    throw new GenerationError(GENERATION_ERROR_CODES.configFile, `${source} is not a valid configuration`, all);
  return config;
}
