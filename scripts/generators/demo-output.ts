// The committed rules (alerts/generated) and dashboards (dashboards/generated): what
// `kansoku generate --config examples/demo/kansoku.yaml --format files,prometheusrule` writes,
// moved into the folders the tests and the chart read.
import { join } from 'node:path';
import { buildAll } from '../../src/generate/build.js';
import { renderFormats } from '../../src/generate/formats.js';
import { loadKansokuConfig } from '../../src/generate/load.js';
import type { GeneratedFile, Generator } from '../generated-files.js';

export const DEMO_CONFIG = 'examples/demo/kansoku.yaml';
export const GENERATED_BY = `kansoku generate --config ${DEMO_CONFIG}`;
export const RULES_DIR = 'alerts/generated/rules';
export const PROMETHEUS_RULES_DIR = 'alerts/generated/prometheusrules';
export const DASHBOARDS_DIR = 'dashboards/generated';

const root = join(import.meta.dirname, '../..');

/** Where each output folder of `kansoku generate` is committed. */
const COMMITTED: Record<string, string> = {
  'rules/': `${RULES_DIR}/`,
  'prometheusrules/': `${PROMETHEUS_RULES_DIR}/`,
  'dashboards/': `${DASHBOARDS_DIR}/`,
};

export async function demoOutput(): Promise<GeneratedFile[]> {
  const config = await loadKansokuConfig(join(root, DEMO_CONFIG));
  return renderFormats(buildAll(config, GENERATED_BY), ['files', 'prometheusrule']).map((file) => {
    const prefix = Object.keys(COMMITTED).find((p) => file.path.startsWith(p));
    if (!prefix) throw new Error(`no committed home for ${file.path}`);
    return { path: `${COMMITTED[prefix]}${file.path.slice(prefix.length)}`, content: file.content };
  });
}

export const demoOutputGenerator: Generator = {
  name: 'demo output',
  owns: [RULES_DIR, PROMETHEUS_RULES_DIR, DASHBOARDS_DIR],
  files: demoOutput,
};
