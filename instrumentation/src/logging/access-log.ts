// One line per finished call: method, code, duration, peer, and the call's trace ids.
// Successful calls can be sampled; failed calls are always written. The level checks
// and the sampling draw come before any object is built.
import { isIP } from 'node:net';
import type { Level, Logger } from 'pino';
import { grpcCodeName } from '../grpc/codes.js';
import type { MethodInfo } from '../grpc/method-table.js';
import type { ResolvedAccessLog } from '../resolve-options.js';
import { LOG_FIELDS } from './fields.js';

const F = LOG_FIELDS;

export interface FinishedCall {
  info: MethodInfo;
  code: number;
  details: string | undefined;
  seconds: number;
  peer: string | undefined;
  traceId: string | undefined;
  spanId: string | undefined;
}

export class AccessLog {
  private readonly ratio: number;
  private readonly level: Level;
  private readonly failureLevel: Level;

  constructor(
    private readonly logger: Logger,
    options: ResolvedAccessLog,
  ) {
    this.ratio = options.successSampleRatio;
    this.level = options.level;
    this.failureLevel = options.failureLevel;
  }

  write(call: FinishedCall): void {
    const ok = call.code === 0;
    if (ok && (this.ratio <= 0 || (this.ratio < 1 && Math.random() >= this.ratio))) return;
    const level = ok ? this.level : this.failureLevel;
    if (!this.logger.isLevelEnabled(level)) return;
    const code = grpcCodeName(call.code);
    const line: Record<string, unknown> = {
      [F.logger.name]: 'grpc.access',
      [F.grpcType.name]: call.info.type,
      [F.grpcService.name]: call.info.service,
      [F.grpcMethod.name]: call.info.method,
      [F.grpcCode.name]: code,
      [F.eventDuration.name]: Math.round(call.seconds * 1e9),
      [F.eventOutcome.name]: ok ? 'success' : 'failure',
    };
    if (call.peer !== undefined) {
      line[F.clientAddress.name] = call.peer;
      // grpc-js writes ip:port, IPv6 without brackets; ECS types client.ip as an IP, so a
      // socket path stays in client.address only.
      const colon = call.peer.lastIndexOf(':');
      const ip = call.peer.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
      if (colon > 0 && isIP(ip) !== 0) {
        line[F.clientIp.name] = ip;
        line[F.clientPort.name] = Number(call.peer.slice(colon + 1));
      }
    }
    if (call.traceId !== undefined) {
      line[F.traceId.name] = call.traceId;
      line[F.spanId.name] = call.spanId;
    }
    if (!ok && call.details) line[F.errorMessage.name] = call.details;
    this.logger[level](line, `${call.info.path} ${code} ${(call.seconds * 1000).toFixed(1)} ms`);
  }
}
