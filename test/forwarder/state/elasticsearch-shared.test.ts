import { elasticsearchForFile } from '../../helpers/elasticsearch-for-file.js';
import { sharedStateTests } from './helpers/shared-state-suite.js';

const es = elasticsearchForFile();

sharedStateTests(() => es.url);
