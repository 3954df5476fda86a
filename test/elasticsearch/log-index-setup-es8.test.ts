// src/elasticsearch/log-index-setup.ts against the real Elasticsearch 8.x: the same tests
// as for 9.x (helpers/log-index-suite.ts), one 8.x node for the file.
import { elasticsearch8 } from '../services/paths.js';
import { logIndexSuite } from './helpers/log-index-suite.js';

logIndexSuite(elasticsearch8);
