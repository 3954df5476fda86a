// src/elasticsearch/log-index-setup.ts against the real Elasticsearch 9.x (the tests are in
// helpers/log-index-suite.ts, shared with the 8.x file).
import { elasticsearch } from '../services/paths.js';
import { logIndexSuite } from './helpers/log-index-suite.js';

logIndexSuite(elasticsearch);
