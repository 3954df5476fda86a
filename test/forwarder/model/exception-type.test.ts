import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exceptionType } from '../../../src/forwarder/model/exception-type.js';

test('the exception type of a V8, Java, Python and Go trace', () => {
  assert.equal(
    exceptionType("TypeError: Cannot read properties of undefined (reading 'id')\n    at a (/app/a.js:1:2)"),
    'TypeError',
  );
  assert.equal(
    exceptionType('java.lang.IllegalStateException: closed\n\tat com.example.Shop.pay(Shop.java:42)'),
    'java.lang.IllegalStateException',
  );
  assert.equal(
    exceptionType('Exception in thread "main" java.lang.NullPointerException\n\tat Main.main(Main.java:3)'),
    'java.lang.NullPointerException',
  );
  assert.equal(
    exceptionType(
      'Traceback (most recent call last):\n  File "/app/w.py", line 7, in main\n    raise ValueError("x")\nValueError: bad invoice INV-1042\n',
    ),
    'ValueError',
  );
  assert.equal(
    exceptionType('panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:'),
    'runtime error',
  );
  assert.equal(exceptionType('panic: boom\n\ngoroutine 1 [running]:'), 'panic');
});

test('no type when the trace does not name one', () => {
  assert.equal(exceptionType('payment failed\n    at a (/app/a.js:1:2)'), '');
  assert.equal(exceptionType('Something: went wrong\n    at a (/app/a.js:1:2)'), '');
  assert.equal(exceptionType(''), '');
});
