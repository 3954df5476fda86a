// Loads kansoku.yaml for the commands: the configuration's own checks, plus the one only the
// alerts can answer (does `alerts.disabled` name alerts that exist), reported together.
import { knownAlertNames } from '../../alerts/src/build.js';
import type { KansokuConfig } from '../config/kansoku-config.js';
import { configOf, readConfigDocument } from '../config/load.js';

/** The configuration in `path` (the defaults without one); throws a GenerationError (KANSOKU_ERR_CONFIG). */
export async function loadKansokuConfig(path?: string): Promise<KansokuConfig> {
  const document = await readConfigDocument(path);
  return configOf(document, path ?? '(defaults)', disabledProblems(document));
}

function disabledProblems(document: unknown): string[] {
  const disabled = (document as { alerts?: { disabled?: unknown } } | null)?.alerts?.disabled;
  if (!Array.isArray(disabled)) return [];
  const known = new Set(knownAlertNames());
  return disabled.flatMap((name, i) =>
    typeof name === 'string' && !known.has(name)
      ? [`alerts.disabled[${i}]: ${name} is not an alert kansoku generates`]
      : [],
  );
}
