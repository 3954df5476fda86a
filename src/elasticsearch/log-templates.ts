// The Elasticsearch objects that give kansoku's log indices their mappings: one
// component template with the ECS-aligned mappings, one composable index template for
// the indices Fluentd writes (kansoku-logs-YYYY.MM.DD) and the ones the library ships to
// directly (logs-kansoku-*, its default logs-kansoku-default), and a lifecycle policy
// that deletes old indices where the cluster has ILM. The field types come from the
// field catalogues, so a field added there is mapped here.
import { logFieldCatalog } from '@kansoku/instrumentation';
import { PIPELINE_LOG_FIELDS } from '../catalog/pipeline-log-fields.js';

export interface LogTemplateOptions {
  /** Name prefix of the templates and policy (default kansoku-logs). */
  name: string;
  /** Index patterns the index template applies to. */
  indexPatterns: string[];
  /** Delete an index this long after it was created ("30d"), where the cluster has ILM. */
  retention: string;
  /** Replicas per index; undefined leaves the cluster default. */
  replicas: number | undefined;
}

export const DEFAULT_LOG_TEMPLATE_OPTIONS: LogTemplateOptions = {
  name: 'kansoku-logs',
  indexPatterns: ['kansoku-logs-*', 'logs-kansoku-*'],
  retention: '30d',
  replicas: undefined,
};

/** Above Elasticsearch's built-in logs-*-* template (priority 100), so logs-kansoku-* gets these mappings. */
export const INDEX_TEMPLATE_PRIORITY = 200;

type Mapping = Record<string, unknown>;

function leaf(type: string): Mapping {
  switch (type) {
    case 'keyword':
      return { type: 'keyword', ignore_above: 1024 };
    case 'text':
      return { type: 'text' };
    case 'date':
      return { type: 'date' };
    case 'long':
    case 'integer':
    case 'ip':
      return { type };
    default:
      throw new Error(`no mapping for field type ${type}`);
  }
}

/** Mappings as nested properties ("trace.id" → trace: { properties: { id } }), which is how Elasticsearch stores dotted names. */
function properties(fields: readonly { name: string; type: string }[]): Mapping {
  const root: Mapping = {};
  for (const field of fields) {
    if (field.name.endsWith('.*')) continue; // dynamic templates below
    const parts = field.name.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const existing = node[part] as { properties?: Mapping } | undefined;
      const next = existing ?? { properties: {} };
      node[part] = next;
      node = next.properties as Mapping;
    }
    node[parts.at(-1) as string] = leaf(field.type);
  }
  return root;
}

export function componentTemplateName(options: LogTemplateOptions): string {
  return `${options.name}-mappings`;
}

export function policyName(options: LogTemplateOptions): string {
  return options.name;
}

/** The component template: settings and mappings shared by every log index. */
export function logComponentTemplate(options: LogTemplateOptions, withLifecycle: boolean): Record<string, unknown> {
  const fields = [...logFieldCatalog, ...PIPELINE_LOG_FIELDS];
  const labelTemplates = PIPELINE_LOG_FIELDS.filter((f) => f.name.endsWith('.*')).map((f) => ({
    [f.name.replace(/[.*]+$/, '').replace(/\./g, '_')]: {
      path_match: f.name,
      mapping: leaf(f.type),
    },
  }));
  const settings: Record<string, unknown> = {
    // A value whose type does not fit the mapping ("process.pid": "abc") is left out of the
    // index and listed in the document's _ignored field; the document itself is kept.
    'index.mapping.ignore_malformed': true,
    // Applications log fields of their own; this bounds what one bad logger can add.
    'index.mapping.total_fields.limit': 2000,
  };
  if (options.replicas !== undefined) settings['index.number_of_replicas'] = options.replicas;
  if (withLifecycle) settings['index.lifecycle.name'] = policyName(options);
  return {
    template: {
      settings,
      mappings: {
        // A string that looks like a date in one line and not in the next must not fix the field as a date.
        date_detection: false,
        dynamic_templates: [
          ...labelTemplates,
          // Any other string an application logs is a keyword, as ECS maps unknown strings.
          { strings_as_keyword: { match_mapping_type: 'string', mapping: leaf('keyword') } },
        ],
        properties: properties(fields),
      },
    },
    _meta: {
      description: 'kansoku log indices: ECS-aligned fields of the library and the Fluentd pipeline',
      managed_by: 'kansoku es setup',
    },
  };
}

/** The composable index template. */
export function logIndexTemplate(options: LogTemplateOptions): Record<string, unknown> {
  return {
    index_patterns: options.indexPatterns,
    priority: INDEX_TEMPLATE_PRIORITY,
    composed_of: [componentTemplateName(options)],
    _meta: { managed_by: 'kansoku es setup' },
  };
}

/** The lifecycle policy: delete after the retention (daily indices need no rollover). */
export function logLifecyclePolicy(options: LogTemplateOptions): Record<string, unknown> {
  return {
    policy: {
      _meta: { managed_by: 'kansoku es setup' },
      phases: {
        hot: { min_age: '0ms', actions: {} },
        delete: { min_age: options.retention, actions: { delete: {} } },
      },
    },
  };
}
