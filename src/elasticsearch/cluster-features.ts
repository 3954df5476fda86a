// What the cluster can do, asked of it directly: Elastic's minimal distributions (the
// one the tests run) lack modules a production cluster has (docs/elasticsearch.md). An
// API that is absent answers 400 "no handler found" or 404/405; the check never uses
// GET /, which the minimal distribution also lacks.
import type { Client } from '@elastic/elasticsearch';

export interface ClusterFeatures {
  version: string | undefined;
  ilm: boolean;
  dataStreams: boolean;
}

async function answers(client: Client, path: string): Promise<boolean> {
  const response = await client.transport.request(
    { method: 'GET', path },
    { ignore: [400, 404, 405, 410, 501], meta: true },
  );
  return response.statusCode === 200;
}

export async function detectClusterFeatures(client: Client): Promise<ClusterFeatures> {
  const nodes = await client.transport.request<{ nodes?: Record<string, { version?: string }> }>(
    { method: 'GET', path: '/_nodes/_local/version' },
    { meta: true },
  );
  const version = Object.values(nodes.body.nodes ?? {})[0]?.version;
  const [ilm, dataStreams] = await Promise.all([answers(client, '/_ilm/status'), answers(client, '/_data_stream')]);
  return { version, ilm, dataStreams };
}
