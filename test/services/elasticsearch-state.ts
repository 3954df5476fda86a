// What a test can leave behind on an Elasticsearch node, and how to take it away again, so
// that a node can serve one test file after another (test/services/elasticsearch-pool.ts).
// The state is the cluster metadata as a whole (GET _cluster/state/metadata: indices with
// their mappings, settings and aliases, data streams, composable, component and legacy
// templates, ingest pipelines, stored scripts, ILM policies and whatever else a module keeps
// there) plus the persistent and transient cluster settings. A reset deletes what a pristine
// node did not have and puts back the settings; then the node's state must equal the
// pristine one exactly, or the node is not used again. Comparing the whole metadata rather
// than a list of kinds means that anything the reset does not know about keeps the node out
// of the pool instead of leaking into the next file.

import { isDeepStrictEqual } from 'node:util';

/** A node's user-visible state, as comparable JSON. */
export interface ElasticsearchState {
  metadata: Record<string, unknown>;
  settings: { persistent: Record<string, unknown>; transient: Record<string, unknown> };
}

// Metadata that changes by itself, not by what a test did: the graveyard lists every index
// ever deleted (so it grows with each reset); the reserved state is the node's own record of
// its operator settings file, written a moment after the node is up (so it may be missing
// from the pristine snapshot; no API call changes it). A full run on 2026-12-02 (four files
// at once) retired a pooled node for it after its first file.
const VOLATILE_METADATA = ['index-graveyard', 'reserved_state'];
// The node's own persistent task, assigned a moment after the node is up (so it may be in
// one snapshot and not the one before); any other persistent task counts.
const OWN_PERSISTENT_TASKS = ['health-node'];
const REQUEST_TIMEOUT_MS = 30_000;
// Index names per DELETE, to keep the URL short.
const DELETE_BATCH = 50;

async function request(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

// A section that a test created and the reset emptied stays in the metadata as an empty
// object ({"index_template": {}}), where a pristine node has none: both mean "nothing".
function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneEmpty);
  if (value === null || typeof value !== 'object') return value;
  const kept = Object.entries(value)
    .map(([key, inner]) => [key, pruneEmpty(inner)] as const)
    .filter(([, inner]) => !isEmptyContainer(inner));
  return Object.fromEntries(kept);
}

function isEmptyContainer(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}

/** The node's state now (flat setting names, so that settings compare key by key). */
export async function elasticsearchState(url: string): Promise<ElasticsearchState> {
  const state = (await request(url, 'GET', '/_cluster/state/metadata?flat_settings=true')) as {
    metadata: Record<string, unknown>;
  };
  const { persistent_tasks: tasks, ...rest } = state.metadata as { persistent_tasks?: { tasks?: { id: string }[] } };
  const metadata = pruneEmpty({
    ...Object.fromEntries(Object.entries(rest).filter(([key]) => !VOLATILE_METADATA.includes(key))),
    persistent_tasks: (tasks?.tasks ?? []).map((t) => t.id).filter((id) => !OWN_PERSISTENT_TASKS.includes(id)),
  }) as Record<string, unknown>;
  const settings = (await request(
    url,
    'GET',
    '/_cluster/settings?flat_settings=true',
  )) as ElasticsearchState['settings'];
  return { metadata, settings: { persistent: settings.persistent, transient: settings.transient } };
}

/** The names under `metadata[section][inner]` (or `metadata[section]` without inner) that `pristine` lacks. */
function added(state: ElasticsearchState, pristine: ElasticsearchState, section: string, inner?: string): string[] {
  const pick = (s: ElasticsearchState): Record<string, unknown> => {
    const outer = s.metadata[section] as Record<string, unknown> | undefined;
    return ((inner ? outer?.[inner] : outer) ?? {}) as Record<string, unknown>;
  };
  const before = pick(pristine);
  return Object.keys(pick(state)).filter((name) => !(name in before));
}

function pipelineIds(state: ElasticsearchState): string[] {
  const ingest = state.metadata.ingest as { pipeline?: { id: string }[] } | undefined;
  return (ingest?.pipeline ?? []).map((p) => p.id);
}

/** The settings of `scope` to put so that they equal the pristine ones (null removes one). */
function settingsBack(
  state: ElasticsearchState,
  pristine: ElasticsearchState,
  scope: 'persistent' | 'transient',
): Record<string, unknown> {
  const now = state.settings[scope];
  const then = pristine.settings[scope];
  const changes: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(now), ...Object.keys(then)])) {
    if (!isDeepStrictEqual(now[key], then[key])) changes[key] = then[key] ?? null;
  }
  return changes;
}

/** The top-level parts of the state that differ from `pristine` (empty when they are equal). */
export function stateDifferences(state: ElasticsearchState, pristine: ElasticsearchState): string[] {
  const keys = new Set([...Object.keys(state.metadata), ...Object.keys(pristine.metadata)]);
  const differences = [...keys]
    .filter((key) => !isDeepStrictEqual(state.metadata[key], pristine.metadata[key]))
    .map((key) => `metadata.${key}: ${JSON.stringify(state.metadata[key])?.slice(0, 300)}`);
  for (const scope of ['persistent', 'transient'] as const) {
    if (!isDeepStrictEqual(state.settings[scope], pristine.settings[scope])) {
      differences.push(`${scope} settings: ${JSON.stringify(state.settings[scope]).slice(0, 300)}`);
    }
  }
  return differences;
}

/**
 * Deletes what the node has that `pristine` did not and puts the cluster settings back, then
 * compares: the answer lists what still differs (empty: the node is as pristine as it was).
 */
export async function resetElasticsearch(url: string, pristine: ElasticsearchState): Promise<string[]> {
  const state = await elasticsearchState(url);
  const remove = async (path: string, names: string[]) => {
    for (const name of names) await request(url, 'DELETE', `${path}/${encodeURIComponent(name)}`);
  };
  // Data streams before their backing indices, index templates before the component
  // templates they are composed of.
  await remove('/_data_stream', added(state, pristine, 'data_stream', 'data_stream'));
  const indices = added(state, pristine, 'indices');
  for (let i = 0; i < indices.length; i += DELETE_BATCH) {
    const batch = indices
      .slice(i, i + DELETE_BATCH)
      .map(encodeURIComponent)
      .join(',');
    await request(url, 'DELETE', `/${batch}?expand_wildcards=all`);
  }
  await remove('/_index_template', added(state, pristine, 'index_template', 'index_template'));
  await remove('/_component_template', added(state, pristine, 'component_template', 'component_template'));
  await remove('/_template', added(state, pristine, 'templates'));
  const pipelines = new Set(pipelineIds(pristine));
  await remove(
    '/_ingest/pipeline',
    pipelineIds(state).filter((id) => !pipelines.has(id)),
  );
  await remove('/_scripts', added(state, pristine, 'stored_scripts'));
  await remove('/_ilm/policy', added(state, pristine, 'index_lifecycle', 'policies'));
  const persistent = settingsBack(state, pristine, 'persistent');
  const transient = settingsBack(state, pristine, 'transient');
  if (Object.keys(persistent).length + Object.keys(transient).length > 0) {
    await request(url, 'PUT', '/_cluster/settings', { persistent, transient });
  }
  return stateDifferences(await elasticsearchState(url), pristine);
}
