// `kansoku es setup`: puts the log indices' component template, index template and (where
// the cluster has ILM) lifecycle policy. Every step is a PUT of the whole object, so
// running it again changes nothing that is already right; the report says for each
// object whether it was created or updated, and which cluster features are missing.
import type { Client } from '@elastic/elasticsearch';
import { type ClusterFeatures, detectClusterFeatures } from './cluster-features.js';
import {
  componentTemplateName,
  type LogTemplateOptions,
  logComponentTemplate,
  logIndexTemplate,
  logLifecyclePolicy,
  policyName,
} from './log-templates.js';

export const ES_SETUP_ERROR = 'KANSOKU_ERR_ES_SETUP';

export class EsSetupError extends Error {
  readonly code = ES_SETUP_ERROR;
}

export interface SetupStep {
  kind: 'lifecycle policy' | 'component template' | 'index template';
  name: string;
  result: 'created' | 'updated' | 'skipped';
  reason?: string;
}

export interface SetupReport {
  features: ClusterFeatures;
  steps: SetupStep[];
  /** What the cluster lacks and what that means, one sentence each. */
  missing: string[];
}

async function exists(client: Client, path: string): Promise<boolean> {
  const response = await client.transport.request({ method: 'GET', path }, { ignore: [404], meta: true });
  return response.statusCode === 200;
}

async function put(client: Client, step: Omit<SetupStep, 'result'>, path: string, body: unknown): Promise<SetupStep> {
  try {
    const existed = await exists(client, path);
    await client.transport.request({ method: 'PUT', path, body: body as Record<string, unknown> });
    return { ...step, result: existed ? 'updated' : 'created' };
  } catch (err) {
    throw new EsSetupError(
      `${ES_SETUP_ERROR}: putting the ${step.kind} ${step.name} failed: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

export async function setupLogIndices(client: Client, options: LogTemplateOptions): Promise<SetupReport> {
  let features: ClusterFeatures;
  try {
    features = await detectClusterFeatures(client);
  } catch (err) {
    throw new EsSetupError(`${ES_SETUP_ERROR}: Elasticsearch did not answer: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const missing: string[] = [];
  const steps: SetupStep[] = [];
  const policy = policyName(options);
  if (features.ilm) {
    steps.push(
      await put(
        client,
        { kind: 'lifecycle policy', name: policy },
        `/_ilm/policy/${policy}`,
        logLifecyclePolicy(options),
      ),
    );
  } else {
    steps.push({ kind: 'lifecycle policy', name: policy, result: 'skipped', reason: 'the cluster has no ILM' });
    missing.push(
      `index lifecycle management (ILM): old ${options.indexPatterns.join(', ')} indices are not deleted after ${options.retention}; delete them yourself (curator, a cron job)`,
    );
  }
  if (!features.dataStreams)
    missing.push('data streams: not used by kansoku (its log indices are daily indices), nothing to do');
  const component = componentTemplateName(options);
  steps.push(
    await put(
      client,
      { kind: 'component template', name: component },
      `/_component_template/${component}`,
      logComponentTemplate(options, features.ilm),
    ),
  );
  steps.push(
    await put(
      client,
      { kind: 'index template', name: options.name },
      `/_index_template/${options.name}`,
      logIndexTemplate(options),
    ),
  );
  return { features, steps, missing };
}
