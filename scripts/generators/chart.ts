// What the Helm chart carries from elsewhere, so that it holds no PromQL, no dashboard and
// no Fluentd configuration of its own:
//   helm/kansoku/files/helm-values.yaml  what `kansoku generate --config helm/defaults/kansoku.yaml
//                                        --format helm-values` writes: the chart's default rules
//                                        and dashboards, in the very shape users pass with -f
//   helm/kansoku/files/fluentd/*.conf    the Fluentd configuration of fluentd/
//   helm/kansoku/values.schema.json      the values' JSON Schema (helm/src/values-schema.ts)
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { valuesSchema } from '../../helm/src/values-schema.js';
import { buildAll } from '../../src/generate/build.js';
import { renderFormats } from '../../src/generate/formats.js';
import { loadKansokuConfig } from '../../src/generate/load.js';
import { type GeneratedFile, type Generator, generatedHeader } from '../generated-files.js';

export const CHART_DIR = 'helm/kansoku';
export const CHART_FILES_DIR = `${CHART_DIR}/files`;
export const CHART_CONFIG = 'helm/defaults/kansoku.yaml';
export const CHART_VALUES_SCHEMA = `${CHART_DIR}/values.schema.json`;
const NAME = 'helm chart (scripts/generators/chart.ts)';
const root = join(import.meta.dirname, '../..');

async function generatedValues(): Promise<GeneratedFile> {
  const config = await loadKansokuConfig(join(root, CHART_CONFIG));
  const [file] = renderFormats(buildAll(config, `kansoku generate --config ${CHART_CONFIG}`), ['helm-values']);
  if (!file) throw new Error('kansoku generate wrote no helm-values file');
  return { path: `${CHART_FILES_DIR}/${file.path}`, content: file.content };
}

async function fluentdConfiguration(): Promise<GeneratedFile[]> {
  let names: string[];
  try {
    names = (await readdir(join(root, 'fluentd'))).filter((n) => n.endsWith('.conf')).sort();
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name) => ({
      path: `${CHART_FILES_DIR}/fluentd/${name}`,
      content: `${generatedHeader(`${NAME} from fluentd/${name}`)}\n${await readFile(join(root, 'fluentd', name), 'utf8')}`,
    })),
  );
}

export const chartGenerator: Generator = {
  name: 'helm chart',
  owns: [CHART_FILES_DIR],
  async files() {
    const schema = {
      path: CHART_VALUES_SCHEMA,
      content: `${JSON.stringify(valuesSchema(generatedHeader(NAME).replace(/^# /, '')), null, 2)}\n`,
    };
    return [await generatedValues(), ...(await fluentdConfiguration()), schema];
  },
};
