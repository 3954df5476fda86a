// Everything that is generated and committed. Each generator owns whole folders:
// `npm run generate` rewrites them, and `npm run check:generated` fails when a committed
// file differs from what the code generates now, or when an owned folder holds a file
// nobody generates any more.
import { catalogDocsGenerator } from '../instrumentation/scripts/catalog-docs.js';
import type { Generator } from './generated-files.js';
import { chartGenerator } from './generators/chart.js';
import { demoOutputGenerator } from './generators/demo-output.js';
import { fluentdSamplesGenerator } from './generators/fluentd-samples.js';
import { schemaGenerator } from './generators/schema.js';

// The chart copies fluentd/ and generates its rules and dashboards from its own configuration.
export const generators: Generator[] = [
  demoOutputGenerator,
  schemaGenerator,
  catalogDocsGenerator,
  fluentdSamplesGenerator,
  chartGenerator,
];
