// A NestJS gRPC microservice (@nestjs/microservices, gRPC transport) and a NestJS gRPC
// client, compiled with the tsconfig NestJS generates (module commonjs). kansoku's server
// interceptors reach grpc-js through the server's channelOptions (ServerGrpc passes them to
// `new grpc.Server(...)`), its client interceptors through the ClientGrpc's channelOptions
// (passed to the grpc-js client constructor). Client streaming is served both ways NestJS
// offers: @GrpcStreamMethod (an Observable) and @GrpcStreamCall (the grpc-js call).
import 'reflect-metadata';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import { createObservability } from '@kansoku/instrumentation';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  type ClientGrpc,
  ClientProxyFactory,
  GrpcMethod,
  GrpcStreamCall,
  GrpcStreamMethod,
  type MicroserviceOptions,
  Transport,
} from '@nestjs/microservices';
import { from, lastValueFrom, map, Observable, of, toArray } from 'rxjs';
import { reportAndWait, run } from '../harness/index.js';

interface EchoMessage {
  text: string;
}

interface EchoService {
  Unary(message: EchoMessage): Observable<EchoMessage>;
  ClientStream(messages: Observable<EchoMessage>): Observable<EchoMessage>;
  ServerStream(message: EchoMessage): Observable<EchoMessage>;
  Bidi(messages: Observable<EchoMessage>): Observable<EchoMessage>;
  ClientStreamCall(messages: Observable<EchoMessage>): Observable<EchoMessage>;
}

const obs = createObservability({ metrics: { port: 0, host: '127.0.0.1' } });
const handled = (method: string) => obs.logger.info({ fixture: { method } }, 'fixture handled a call');
const protoPath = join(__dirname, '../harness/echo.proto');

@Controller()
class EchoController {
  @GrpcMethod('Echo', 'Unary')
  unary(message: EchoMessage): EchoMessage {
    handled('Unary');
    return { text: message.text };
  }

  @GrpcStreamMethod('Echo', 'ClientStream')
  clientStream(messages: Observable<EchoMessage>): Observable<EchoMessage> {
    return messages.pipe(
      map((message) => message.text),
      toArray(),
      map((texts) => {
        handled('ClientStream');
        return { text: texts.join(',') };
      }),
    );
  }

  @GrpcMethod('Echo', 'ServerStream')
  serverStream(message: EchoMessage): Observable<EchoMessage> {
    handled('ServerStream');
    return from([0, 1, 2].map((i) => ({ text: `${message.text}-${i}` })));
  }

  @GrpcStreamMethod('Echo', 'Bidi')
  bidi(messages: Observable<EchoMessage>): Observable<EchoMessage> {
    return new Observable((subscriber) =>
      messages.subscribe({
        next: (message) => subscriber.next(message),
        error: (err) => subscriber.error(err),
        complete: () => {
          handled('Bidi');
          subscriber.complete();
        },
      }),
    );
  }

  @GrpcStreamCall('Echo', 'ClientStreamCall')
  clientStreamCall(call: ServerReadableStream<EchoMessage, EchoMessage>, callback: sendUnaryData<EchoMessage>): void {
    const texts: string[] = [];
    call.on('data', (message: EchoMessage) => texts.push(message.text));
    call.on('end', () => {
      handled('ClientStreamCall');
      callback(null, { text: texts.join(',') });
    });
  }
}

@Module({ controllers: [EchoController] })
class AppModule {}

/** NestJS's gRPC server is given a host:port and never says which port 0 became: ask the system for a free one. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

run(async () => {
  const url = `127.0.0.1:${await freePort()}`;
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
    transport: Transport.GRPC,
    options: { url, package: 'kansoku.fixture', protoPath, channelOptions: { interceptors: obs.serverInterceptors } },
    logger: false,
  });
  await app.listen();

  const client = ClientProxyFactory.create({
    transport: Transport.GRPC,
    options: { url, package: 'kansoku.fixture', protoPath, channelOptions: { interceptors: obs.clientInterceptors } },
  }) as unknown as ClientGrpc;
  const echo = client.getService<EchoService>('Echo');
  const answers = {
    unary: (await lastValueFrom(echo.Unary({ text: 'u' }))).text,
    clientStream: (await lastValueFrom(echo.ClientStream(of({ text: 'a' }, { text: 'b' }, { text: 'c' })))).text,
    serverStream: (await lastValueFrom(echo.ServerStream({ text: 's' }).pipe(toArray()))).map((m) => m.text),
    bidi: (await lastValueFrom(echo.Bidi(of({ text: 'x' }, { text: 'y' })).pipe(toArray()))).map((m) => m.text),
    clientStreamCall: (await lastValueFrom(echo.ClientStreamCall(of({ text: 'd' }, { text: 'e' })))).text,
  };
  await reportAndWait(
    obs,
    async () => {
      (client as unknown as { close(): void }).close();
      await app.close();
    },
    { answers },
  );
});
