// The shared state of several replicas in a real Elasticsearch 9.x (the tests:
// helpers/shared-state-suite.ts; on 8.x: ../elasticsearch-client-es8.test.ts).
import { after, before } from 'node:test';
import { type ElasticsearchService, startElasticsearch } from '../../services/elasticsearch.js';
import { sharedStateTests } from './helpers/shared-state-suite.js';

let es: ElasticsearchService;
before(async () => {
  es = await startElasticsearch();
});
after(async () => {
  await es?.stop();
});

sharedStateTests(() => es.url);
