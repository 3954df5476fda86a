// Types of index.js, written against @grpc/grpc-js only: the fixtures get kansoku's types
// from the installed package, never from here.
import type * as grpc from '@grpc/grpc-js';

export interface EchoMessage {
  text: string;
}

type EchoMethod<RequestStream extends boolean, ResponseStream extends boolean> = grpc.MethodDefinition<
  EchoMessage,
  EchoMessage
> & { requestStream: RequestStream; responseStream: ResponseStream };

// A type alias, not an interface: it must also be assignable to grpc.ServiceDefinition.
export type EchoServiceDefinition = {
  Unary: EchoMethod<false, false>;
  ClientStream: EchoMethod<true, false>;
  ServerStream: EchoMethod<false, true>;
  Bidi: EchoMethod<true, true>;
};

export declare const echoService: EchoServiceDefinition;
/** What the harness needs of an Observability (the fixtures pass the real one). */
export interface Observed {
  logger: { info(object: object, message: string): void };
  flush(): Promise<void>;
  shutdown(): Promise<void>;
  ready: Promise<{ metricsUrl: string | undefined }>;
}

export declare function exercise(
  obs: Observed,
  options: { server: grpc.ServerOptions; client: grpc.ClientOptions },
  extra?: Record<string, unknown>,
): Promise<void>;
export declare function reportAndWait(
  obs: Observed,
  close: () => void | Promise<void>,
  extra?: Record<string, unknown>,
): Promise<void>;
export declare function run(main: () => Promise<void>): void;
