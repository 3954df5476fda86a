// Error records shaped like the log pipeline's (ECS, Kubernetes metadata), for the
// forwarder scenarios: `groups` distinct errors, half with a V8 stack trace of ten frames
// (six in-app), half with only a message full of values to normalize.
export function errorRecords(
  count: number,
  groups: number,
  idPrefix = 'e',
  at = Date.now(),
): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const g = i % groups;
    const common = {
      '@timestamp': new Date(at + i).toISOString(),
      'log.level': 'error',
      'service.name': `svc-${g % 50}`,
      'kubernetes.namespace_name': 'shop',
      'kubernetes.pod_name': `svc-${g % 50}-7d9f-${i % 7}`,
      'trace.id': '4bf92f3577b34da6a3ce929d0e0e4736',
      'event.id': `${idPrefix}${i}`,
    };
    if (g % 2 === 0)
      return {
        ...common,
        message: `order ${i} failed`,
        'error.type': 'TypeError',
        'error.message': `Cannot read properties of undefined (reading 'amount${g}')`,
        'error.stack_trace': [
          `TypeError: Cannot read properties of undefined (reading 'amount${g}')`,
          ...Array.from(
            { length: 6 },
            (_, f) => `    at handler${g}_${f} (/app/src/module${f}.js:${10 + (i % 90)}:${f + 3})`,
          ),
          '    at Server.onCall (/app/node_modules/@grpc/grpc-js/build/src/server.js:1200:7)',
          '    at Http2ServerCallStream.emit (node:events:519:28)',
          '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
          '    at async Promise.all (index 0)',
        ].join('\n'),
      };
    return {
      ...common,
      message: `lookup ${g} of user ${i} at 10.0.${i % 250}.${i % 200} failed after ${i % 900}ms: "sku-${i}" from ann${i}@example.com`,
    };
  });
}
