// The OpenTelemetry SDK environment variables this library honours, read from the env
// object given (process.env by default) so that tests need not touch the real environment.
// https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/

export interface SamplerSetting {
  ratio: number;
  /** Follow the caller's sampled flag when there is a parent. */
  parentBased: boolean;
}

type Env = Record<string, string | undefined>;

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function envServiceName(env: Env): string | undefined {
  return nonEmpty(env.OTEL_SERVICE_NAME);
}

/**
 * The trace endpoint the environment names, for a protocol. With http/protobuf,
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is the whole URL and OTEL_EXPORTER_OTLP_ENDPOINT a base
 * that v1/traces is appended to, as the specification says; gRPC takes either as host and port.
 */
export function envTracesEndpoint(env: Env, protocol: OtlpProtocol = 'grpc'): string | undefined {
  const specific = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (specific !== undefined) return specific;
  const base = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (base === undefined || protocol === 'grpc') return base;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

export type OtlpProtocol = 'grpc' | 'http/protobuf';

/** OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL; a problem when unsupported. */
export function envTracesProtocol(env: Env): { protocol?: OtlpProtocol; problem?: string } {
  const variable = ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL'].find(
    (name) => nonEmpty(env[name]) !== undefined,
  );
  if (variable === undefined) return {};
  const value = nonEmpty(env[variable]) as string;
  if (value === 'grpc' || value === 'http/protobuf') return { protocol: value };
  return { problem: `${variable} "${value}" is not supported (grpc and http/protobuf are)` };
}

/**
 * OTEL_EXPORTER_OTLP_TRACES_HEADERS, else OTEL_EXPORTER_OTLP_HEADERS: comma-separated
 * key=value pairs, values percent-encoded. A malformed pair is a problem naming the
 * variable and the pair's position, never its text (it may hold a secret).
 */
export function envTracesHeaders(env: Env): {
  headers: Record<string, string>;
  variable: string | undefined;
  problems: string[];
} {
  const variable = ['OTEL_EXPORTER_OTLP_TRACES_HEADERS', 'OTEL_EXPORTER_OTLP_HEADERS'].find(
    (name) => nonEmpty(env[name]) !== undefined,
  );
  const headers: Record<string, string> = {};
  const problems: string[] = [];
  if (variable === undefined) return { headers, variable, problems };
  (env[variable] as string).split(',').forEach((pair, index) => {
    if (pair.trim() === '') return;
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    let value: string | undefined;
    try {
      value = eq > 0 ? decodeURIComponent(pair.slice(eq + 1).trim()) : undefined;
    } catch {
      value = undefined;
    }
    if (key === '' || value === undefined)
      problems.push(`${variable}: pair ${index + 1} is not key=value (percent-encoded)`);
    else headers[key] = value;
  });
  return { headers, variable, problems };
}

/** True when the environment switches tracing off (OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none). */
export function envTracingDisabled(env: Env): boolean {
  return nonEmpty(env.OTEL_SDK_DISABLED)?.toLowerCase() === 'true' || nonEmpty(env.OTEL_TRACES_EXPORTER) === 'none';
}

/** The sampler OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG describe; a problem string when they are invalid. */
export function envSampler(env: Env): SamplerSetting | string | undefined {
  const name = nonEmpty(env.OTEL_TRACES_SAMPLER);
  if (name === undefined) return undefined;
  const arg = nonEmpty(env.OTEL_TRACES_SAMPLER_ARG);
  const ratio = arg === undefined ? 1 : Number(arg);
  const ratioOk = Number.isFinite(ratio) && ratio >= 0 && ratio <= 1;
  switch (name) {
    case 'always_on':
      return { ratio: 1, parentBased: false };
    case 'always_off':
      return { ratio: 0, parentBased: false };
    case 'parentbased_always_on':
      return { ratio: 1, parentBased: true };
    case 'parentbased_always_off':
      return { ratio: 0, parentBased: true };
    case 'traceidratio':
    case 'parentbased_traceidratio':
      if (!ratioOk) return `OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got "${arg}"`;
      return { ratio, parentBased: name === 'parentbased_traceidratio' };
    default:
      return `OTEL_TRACES_SAMPLER "${name}" is not supported (always_on, always_off, traceidratio and their parentbased_ forms are)`;
  }
}

/** OTEL_RESOURCE_ATTRIBUTES: comma-separated key=value pairs, values percent-encoded. Malformed pairs are skipped, as the SDK does. */
export function envResourceAttributes(env: Env): Record<string, string> {
  const raw = nonEmpty(env.OTEL_RESOURCE_ATTRIBUTES);
  const out: Record<string, string> = {};
  if (raw === undefined) return out;
  for (const pair of raw.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).trim();
    try {
      out[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      // A value with a broken %-escape is left out rather than failing the service.
    }
  }
  return out;
}

/** Set with the OpenTelemetry metric stability opt-in: `rpc` → only the new conventions, `rpc/dup` → both. */
export function envRpcConventions(env: Env): 'otel' | 'both' | undefined {
  const values = (nonEmpty(env.OTEL_SEMCONV_STABILITY_OPT_IN) ?? '').split(',').map((v) => v.trim());
  if (values.includes('rpc/dup')) return 'both';
  if (values.includes('rpc')) return 'otel';
  return undefined;
}

/**
 * Pod, namespace and node from the Kubernetes downward API. There is no standard variable
 * name, so both common spellings are read (the kansoku chart sets the K8S_ ones).
 */
export function envKubernetesAttributes(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  const pod = nonEmpty(env.K8S_POD_NAME) ?? nonEmpty(env.POD_NAME);
  const namespace = nonEmpty(env.K8S_NAMESPACE_NAME) ?? nonEmpty(env.POD_NAMESPACE);
  const node = nonEmpty(env.K8S_NODE_NAME) ?? nonEmpty(env.NODE_NAME);
  if (pod) out['k8s.pod.name'] = pod;
  if (namespace) out['k8s.namespace.name'] = namespace;
  if (node) out['k8s.node.name'] = node;
  return out;
}

// --- propagation ---

export const PROPAGATOR_NAMES = ['tracecontext', 'baggage', 'b3', 'b3multi', 'none'] as const;
export type PropagatorName = (typeof PROPAGATOR_NAMES)[number];

/**
 * OTEL_PROPAGATORS: comma-separated propagator names, in the order they run. Unsupported
 * names are a problem rather than being skipped, so a typo does not silently break traces.
 */
export function envPropagators(env: Env): { names?: PropagatorName[]; problem?: string } {
  const raw = nonEmpty(env.OTEL_PROPAGATORS);
  if (raw === undefined) return {};
  const names = [...new Set(raw.split(',').map((n) => n.trim().toLowerCase()))].filter((n) => n !== '');
  const unknown = names.filter((n) => !(PROPAGATOR_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    return {
      problem: `OTEL_PROPAGATORS: ${unknown.map((n) => `"${n}"`).join(', ')} not supported (${PROPAGATOR_NAMES.join(', ')} are)`,
    };
  }
  return { names: names.includes('none') ? [] : (names as PropagatorName[]) };
}
