import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exclusionRule, grpcType, MethodTable, splitPath } from '../src/grpc/method-table.js';

test('call types from the stream flags', () => {
  assert.equal(grpcType(false, false), 'unary');
  assert.equal(grpcType(true, false), 'client_stream');
  assert.equal(grpcType(false, true), 'server_stream');
  assert.equal(grpcType(true, true), 'bidi_stream');
});

test('paths split into service and method', () => {
  assert.deepEqual(splitPath('/shop.v1.Checkout/Pay'), { service: 'shop.v1.Checkout', method: 'Pay' });
  assert.deepEqual(splitPath('odd'), { service: 'odd', method: '' });
});

test('an entry is computed once per method and the table is bounded', () => {
  const table = new MethodTable({ maxMethods: 2, isExcluded: () => false });
  const a = table.lookup('/s.S/A', false, false);
  assert.equal(table.lookup('/s.S/A', false, false), a);
  assert.equal(a.spanName, 's.S/A');
  assert.deepEqual(a.spanAttributes, { 'rpc.system.name': 'grpc', 'rpc.method': 's.S/A' });
  table.lookup('/s.S/B', true, true);
  const c = table.lookup('/s.S/C', false, true);
  const d = table.lookup('/s.S/D', false, true);
  assert.equal(c, d, 'one shared entry per call type beyond the bound');
  assert.equal(c.other, true);
  assert.equal(c.method, '_OTHER');
  assert.equal(c.spanName, 'grpc');
  assert.equal(c.type, 'server_stream');
  assert.equal(table.entries().length, 3);
});

test('exclusion: health and reflection by default, listed paths and services', () => {
  const rule = exclusionRule({ health: true, reflection: true, methods: ['/a.B/C', 'x.Y'] });
  assert.equal(rule('/grpc.health.v1.Health/Check'), true);
  assert.equal(rule('/grpc.health.v1.Health/Watch'), true);
  assert.equal(rule('/grpc.reflection.v1.ServerReflection/ServerReflectionInfo'), true);
  assert.equal(rule('/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo'), true);
  assert.equal(rule('/a.B/C'), true);
  assert.equal(rule('/a.B/D'), false);
  assert.equal(rule('/x.Y/Anything'), true);
  assert.equal(rule('/x.YZ/Anything'), false);
  const none = exclusionRule({ health: false, reflection: false, methods: [] });
  assert.equal(none('/grpc.health.v1.Health/Check'), false);
});

test('beyond the bound, an excluded method stays excluded instead of joining _OTHER', () => {
  const table = new MethodTable({
    maxMethods: 1,
    isExcluded: exclusionRule({ health: true, reflection: true, methods: [] }),
  });
  table.lookup('/s.S/A', false, false);
  const health = table.lookup('/grpc.health.v1.Health/Check', false, false);
  assert.equal(health.excluded, true);
  const other = table.lookup('/s.S/B', false, false);
  assert.equal(other.excluded, false);
  assert.equal(other.other, true);
  assert.notEqual(health, other);
  assert.deepEqual(
    table.entries().map((e) => e.path),
    ['/s.S/A', '_OTHER'],
  );
});
