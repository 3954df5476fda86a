// Everything the interceptors need about a method, computed the first time the method is
// seen and reused for every later call: label values, span name and attributes, whether it
// is excluded. The table is bounded: once it holds maxMethods methods, further ones share
// one _OTHER entry per call type, so invented method names cannot grow memory or series.
import type { Attributes } from '@opentelemetry/api';
import { type GrpcType, OTHER_METHOD } from '../metrics/catalog.js';
import type { MethodStats } from '../metrics/method-stats.js';

export interface MethodInfo {
  /** The gRPC path, /pkg.Service/Method. */
  readonly path: string;
  readonly type: GrpcType;
  /** grpc_service label value: pkg.Service, or _OTHER. */
  readonly service: string;
  /** grpc_method label value: Method, or _OTHER. */
  readonly method: string;
  /** rpc.method: pkg.Service/Method, or _OTHER. */
  readonly rpcMethod: string;
  readonly spanName: string;
  readonly spanAttributes: Attributes;
  readonly excluded: boolean;
  readonly other: boolean;
  /** The series of calls without metadata labels; set by CallMetrics. */
  stats: MethodStats | undefined;
  /** Series keyed by metadata label values, when metadata labels are configured. */
  series: Map<string, MethodStats> | undefined;
}

export interface MethodTableOptions {
  maxMethods: number;
  isExcluded(path: string): boolean;
}

export function grpcType(requestStream: boolean, responseStream: boolean): GrpcType {
  if (requestStream) return responseStream ? 'bidi_stream' : 'client_stream';
  return responseStream ? 'server_stream' : 'unary';
}

/** Splits /pkg.Service/Method; a path without that shape keeps its whole text as the service. */
export function splitPath(path: string): { service: string; method: string } {
  const slash = path.lastIndexOf('/');
  if (slash <= 0) return { service: path.replace(/^\//, ''), method: '' };
  return { service: path.slice(1, slash), method: path.slice(slash + 1) };
}

export class MethodTable {
  private readonly methods = new Map<string, MethodInfo>();
  private readonly others = new Map<GrpcType, MethodInfo>();
  private readonly excludedOthers = new Map<GrpcType, MethodInfo>();

  constructor(private readonly options: MethodTableOptions) {}

  lookup(path: string, requestStream: boolean, responseStream: boolean): MethodInfo {
    const known = this.methods.get(path);
    if (known !== undefined) return known;
    const type = grpcType(requestStream, responseStream);
    if (this.methods.size >= this.options.maxMethods) {
      // A full table must not turn excluded calls (health checks) into counted _OTHER ones.
      return this.options.isExcluded(path) ? this.other(type, true) : this.other(type, false);
    }
    const { service, method } = splitPath(path);
    const rpcMethod = `${service}/${method}`;
    const info: MethodInfo = {
      path,
      type,
      service,
      method,
      rpcMethod,
      spanName: rpcMethod,
      spanAttributes: { 'rpc.system.name': 'grpc', 'rpc.method': rpcMethod },
      excluded: this.options.isExcluded(path),
      other: false,
      stats: undefined,
      series: undefined,
    };
    this.methods.set(path, info);
    return info;
  }

  /** Every entry, the shared _OTHER ones last. */
  entries(): MethodInfo[] {
    return [...this.methods.values(), ...this.others.values()];
  }

  private other(type: GrpcType, excluded: boolean): MethodInfo {
    const shared = excluded ? this.excludedOthers : this.others;
    let info = shared.get(type);
    if (info === undefined) {
      info = {
        path: OTHER_METHOD,
        type,
        service: OTHER_METHOD,
        method: OTHER_METHOD,
        rpcMethod: OTHER_METHOD,
        // The conventions name a span of an unknown method after the RPC system.
        spanName: 'grpc',
        spanAttributes: { 'rpc.system.name': 'grpc', 'rpc.method': OTHER_METHOD },
        excluded,
        other: true,
        stats: undefined,
        series: undefined,
      };
      shared.set(type, info);
    }
    return info;
  }
}

/** The exclusion rule of the options: health and reflection by default, plus listed paths or services. */
export function exclusionRule(exclude: {
  health: boolean;
  reflection: boolean;
  methods: string[];
}): (path: string) => boolean {
  const paths = new Set(exclude.methods.filter((m) => m.startsWith('/')));
  const servicePrefixes = exclude.methods.filter((m) => !m.startsWith('/')).map((s) => `/${s}/`);
  if (exclude.health) servicePrefixes.push('/grpc.health.v1.Health/');
  if (exclude.reflection) servicePrefixes.push('/grpc.reflection.');
  return (path) => paths.has(path) || servicePrefixes.some((p) => path.startsWith(p));
}
