// Types of index.js, written against @grpc/grpc-js only: the fixtures get kansoku's types
// from the installed package, never from here.
import type * as grpc from '@grpc/grpc-js';

export declare const echoService: grpc.ServiceDefinition;
export declare const EchoClient: grpc.ServiceClientConstructor;
export declare function echoHandlers(logger: {
  info(object: object, message: string): void;
}): grpc.UntypedServiceImplementation;
export declare function listen(server: grpc.Server): Promise<number>;
export declare function callEveryType(client: grpc.Client): Promise<void>;
export declare function reportAndWait(
  obs: { flush(): Promise<void>; shutdown(): Promise<void>; ready: Promise<{ metricsUrl: string | undefined }> },
  close: () => void | Promise<void>,
  extra?: Record<string, unknown>,
): Promise<void>;
export declare function run(main: () => Promise<void>): void;
