import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logFieldCatalog } from '@kansoku/instrumentation';
import { PIPELINE_LOG_FIELDS } from '../../src/catalog/pipeline-log-fields.js';
import {
  DEFAULT_LOG_TEMPLATE_OPTIONS,
  logComponentTemplate,
  logIndexTemplate,
  logLifecyclePolicy,
} from '../../src/elasticsearch/log-templates.js';

type Props = Record<string, { type?: string; properties?: Props }>;

function typeAt(props: Props, name: string): string | undefined {
  const parts = name.split('.');
  let node: Props | undefined = props;
  for (const part of parts.slice(0, -1)) node = node?.[part]?.properties;
  return node?.[parts.at(-1) as string]?.type;
}

test('every catalogued field is mapped with its type; ECS keywords and text as the issue asks', () => {
  const template = logComponentTemplate(DEFAULT_LOG_TEMPLATE_OPTIONS, false) as {
    template: {
      mappings: {
        properties: Props;
        dynamic_templates: Record<string, { path_match?: string; mapping: { type: string } }>[];
      };
    };
  };
  const props = template.template.mappings.properties;
  for (const f of [...logFieldCatalog, ...PIPELINE_LOG_FIELDS].filter((f) => !f.name.endsWith('.*')))
    assert.equal(typeAt(props, f.name), f.type, f.name);
  for (const [name, type] of [
    ['trace.id', 'keyword'],
    ['service.name', 'keyword'],
    ['log.level', 'keyword'],
    ['message', 'text'],
    ['error.stack_trace', 'text'],
    ['event.id', 'keyword'],
    ['@timestamp', 'date'],
  ] as const)
    assert.equal(typeAt(props, name), type, name);
  const dynamic = Object.assign({}, ...template.template.mappings.dynamic_templates);
  assert.deepEqual(dynamic.kubernetes_labels, {
    path_match: 'kubernetes.labels.*',
    mapping: { type: 'keyword', ignore_above: 1024 },
  });
  assert.equal(dynamic.kubernetes_namespace_labels.path_match, 'kubernetes.namespace_labels.*');
});

test('the lifecycle setting is only in the template when the cluster has ILM', () => {
  const settings = (withIlm: boolean) =>
    (logComponentTemplate(DEFAULT_LOG_TEMPLATE_OPTIONS, withIlm) as { template: { settings: Record<string, unknown> } })
      .template.settings;
  assert.equal(settings(true)['index.lifecycle.name'], 'kansoku-logs');
  assert.equal(settings(false)['index.lifecycle.name'], undefined);
  assert.equal(settings(false)['index.mapping.ignore_malformed'], true);
});

test('the index template covers Fluentd indices and the library default index, above the built-in logs template', () => {
  assert.deepEqual(logIndexTemplate(DEFAULT_LOG_TEMPLATE_OPTIONS), {
    index_patterns: ['kansoku-logs-*', 'logs-kansoku-*'],
    priority: 200,
    composed_of: ['kansoku-logs-mappings'],
    _meta: { managed_by: 'kansoku es setup' },
  });
  assert.deepEqual(
    (
      logLifecyclePolicy({ ...DEFAULT_LOG_TEMPLATE_OPTIONS, retention: '7d' }) as {
        policy: { phases: { delete: unknown } };
      }
    ).policy.phases.delete,
    {
      min_age: '7d',
      actions: { delete: {} },
    },
  );
});
