import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCallRateLimiter } from '../../src-main/web/call-rate-limit';

const takeAll = (limiter: { take(): boolean }, tries: number) => Array.from({ length: tries }, () => limiter.take()).filter(Boolean).length;

test('the limiter allows its rate at once, then refills in proportion to the time passed', () => {
  let now = 0;
  const limiter = createCallRateLimiter(10, () => now);
  assert.equal(takeAll(limiter, 15), 10);
  now += 500;
  assert.equal(takeAll(limiter, 15), 5);
  now += 60_000; // a long pause does not save up more than one second's worth
  assert.equal(takeAll(limiter, 15), 10);
});

test('a clock set back takes nothing away and gives nothing', () => {
  let now = 10_000;
  const limiter = createCallRateLimiter(4, () => now);
  assert.equal(takeAll(limiter, 2), 2);
  now -= 5_000;
  assert.equal(takeAll(limiter, 5), 2);
});
