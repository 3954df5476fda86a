// The channel's target, for server.address and server.port of client spans. grpc-js does
// not tell interceptors which channel a call is on; the one public hook that sees it is the
// client's callInvocationTransformer, which obs.clientOptions sets: it copies the channel's
// parsed target into the call options, which grpc-js hands on to the interceptors.
import type { CallInvocationTransformer, CallOptions, InterceptorOptions } from '@grpc/grpc-js';
import { parseAuthority } from '../grpc/authority.js';

export interface ChannelTarget {
  readonly address: string;
  readonly port: number | undefined;
}

const TARGET = Symbol('kansoku.channelTarget');

type WithTarget = CallOptions & { [TARGET]?: ChannelTarget };
type Channel = Parameters<CallInvocationTransformer>[0]['channel'];

// Parsed once per channel; a channel's target never changes.
const parsed = new WeakMap<Channel, ChannelTarget>();

/** The host and port of a grpc-js target URI: dns:host:port, dns://resolver/host:port, ipv4:a:p,b:p, unix:path, host:port. */
export function parseTarget(target: string): ChannelTarget {
  let rest = target.replace(/^[a-z][a-z0-9+.-]*:(?!\d+$)/i, '');
  const scheme = target.slice(0, target.length - rest.length).toLowerCase();
  if (rest.startsWith('//')) rest = rest.slice(rest.indexOf('/', 2) + 1);
  if (scheme.startsWith('unix')) return { address: rest, port: undefined };
  // ipv4: and ipv6: targets may list several addresses; the first stands for them.
  return parseAuthority(rest.split(',')[0] as string);
}

/** For ClientOptions.callInvocationTransformer: the call's options with its channel's target. */
export const withChannelTarget: CallInvocationTransformer = (properties) => {
  let target = parsed.get(properties.channel);
  if (target === undefined) {
    target = parseTarget(properties.channel.getTarget());
    parsed.set(properties.channel, target);
  }
  // A copy: the options object may be the caller's own, reused for other calls.
  properties.callOptions = { ...properties.callOptions, [TARGET]: target } as WithTarget;
  return properties;
};

/** The target withChannelTarget put in, if the client was made with obs.clientOptions. */
export function channelTarget(options: InterceptorOptions): ChannelTarget | undefined {
  return (options as WithTarget)[TARGET];
}
