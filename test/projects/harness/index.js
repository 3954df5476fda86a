// The part every fixture project shares, in plain CommonJS so that each setup (ESM or
// CommonJS, TypeScript in any module mode, bundled) can load it: an Echo service with all
// four call types (JSON messages, no .proto), calls of every type, and the protocol with
// the test (one JSON report line on stdout, then wait for stdin to close). A fixture gives
// it kansoku's interceptors; the server and client options are typed by grpc-js, so a
// TypeScript fixture checks that the package's types fit them.
const grpc = require('@grpc/grpc-js');

const serialize = (value) => Buffer.from(JSON.stringify(value));
const deserialize = (buffer) => JSON.parse(buffer.toString());
const method = (name, requestStream, responseStream) => ({
  path: `/kansoku.fixture.Echo/${name}`,
  requestStream,
  responseStream,
  requestSerialize: serialize,
  requestDeserialize: deserialize,
  responseSerialize: serialize,
  responseDeserialize: deserialize,
});

const echoService = {
  Unary: method('Unary', false, false),
  ClientStream: method('ClientStream', true, false),
  ServerStream: method('ServerStream', false, true),
  Bidi: method('Bidi', true, true),
};

const EchoClient = grpc.makeGenericClientConstructor(echoService, 'Echo');

/** Each handler writes one line through the service's logger while the call is in flight. */
function echoHandlers(logger) {
  const handled = (method) => logger.info({ fixture: { method } }, 'fixture handled a call');
  return {
    Unary(call, callback) {
      handled('Unary');
      callback(null, { text: call.request.text });
    },
    ClientStream(call, callback) {
      const texts = [];
      call.on('data', (message) => texts.push(message.text));
      call.on('end', () => {
        handled('ClientStream');
        callback(null, { text: texts.join(',') });
      });
    },
    ServerStream(call) {
      handled('ServerStream');
      for (let i = 0; i < 3; i++) call.write({ text: `${call.request.text}-${i}` });
      call.end();
    },
    Bidi(call) {
      call.on('data', (message) => call.write({ text: message.text }));
      call.on('end', () => {
        handled('Bidi');
        call.end();
      });
    },
  };
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    );
  });
}

function collect(stream) {
  return new Promise((resolve, reject) => {
    const texts = [];
    stream.on('data', (message) => texts.push(message.text));
    stream.on('error', reject);
    stream.on('end', () => resolve(texts));
  });
}

/** One call of each type; rejects unless every answer is what the Echo service says. */
async function callEveryType(client) {
  const unary = await new Promise((resolve, reject) =>
    client.Unary({ text: 'u' }, (err, reply) => (err ? reject(err) : resolve(reply.text))),
  );
  const clientStream = await new Promise((resolve, reject) => {
    const call = client.ClientStream((err, reply) => (err ? reject(err) : resolve(reply.text)));
    for (const text of ['a', 'b', 'c']) call.write({ text });
    call.end();
  });
  const serverStream = await collect(client.ServerStream({ text: 's' }));
  const bidiCall = client.Bidi();
  const bidi = collect(bidiCall);
  for (const text of ['x', 'y']) bidiCall.write({ text });
  bidiCall.end();
  const answers = { unary, clientStream, serverStream, bidi: await bidi };
  const expected = { unary: 'u', clientStream: 'a,b,c', serverStream: ['s-0', 's-1', 's-2'], bidi: ['x', 'y'] };
  if (JSON.stringify(answers) !== JSON.stringify(expected)) {
    throw new Error(`unexpected answers: ${JSON.stringify(answers)}`);
  }
}

/**
 * Flushes spans and logs, prints {"fixtureReport": {...}} for the test, waits until the
 * test closes stdin, then closes what the fixture opened and shuts kansoku down.
 */
async function reportAndWait(obs, close, extra) {
  await obs.flush();
  const { metricsUrl } = await obs.ready;
  process.stdout.write(`${JSON.stringify({ fixtureReport: { metricsUrl, ...extra } })}\n`);
  await new Promise((resolve) => {
    process.stdin.on('end', resolve);
    process.stdin.resume();
  });
  await close();
  await obs.shutdown();
}

/** A grpc-js server and client with the given options, one call of each type, then the report. */
async function exercise(obs, options, extra) {
  const server = new grpc.Server(options.server);
  server.addService(echoService, echoHandlers(obs.logger));
  const port = await listen(server);
  const client = new EchoClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options.client);
  await callEveryType(client);
  await reportAndWait(
    obs,
    () => {
      client.close();
      server.forceShutdown();
    },
    extra,
  );
}

/** Runs a fixture's main; any failure is printed and sets a failing exit code. */
function run(main) {
  main().catch((err) => {
    process.stderr.write(`fixture failed: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  });
}

module.exports = { echoService, exercise, reportAndWait, run };
