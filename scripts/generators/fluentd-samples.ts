// fluentd/samples/expected/: the record contract computed from the sample container logs
// by the model of the Fluentd configuration (src/fluentd/contract/).
import { EXPECTED_DIR, expectedFiles } from '../../src/fluentd/contract/samples.js';
import type { Generator } from '../generated-files.js';

export const fluentdSamplesGenerator: Generator = {
  name: 'fluentd-samples',
  owns: [EXPECTED_DIR],
  files: expectedFiles,
};
