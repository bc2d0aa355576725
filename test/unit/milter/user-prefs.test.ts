import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressParts, expandPattern, userPrefsFor } from '../../../milter/user-prefs.js';

test('address parts are lower-cased and path tricks are refused', () => {
  assert.deepEqual(addressParts('<Bob@Example.COM>'), { address: 'bob@example.com', local: 'bob', domain: 'example.com' });
  assert.equal(addressParts('<../etc@x>'), null);
  assert.equal(addressParts('<a/b@x>'), null);
  assert.equal(addressParts('<>'), null);
});

test('pattern expansion', () => {
  const p = { address: 'bob@example.com', local: 'bob', domain: 'example.com' };
  assert.equal(expandPattern('/v/%d/%l/%%/%u', p), '/v/example.com/bob/%/bob@example.com');
});

test('the first recipient with a user_prefs file wins', () => {
  const files = new Set(['/v/example.com/carol/user_prefs', '/v/example.com/dave/user_prefs']);
  const has = (p: string) => files.has(p);
  const rcpts = ['<bob@example.com>', '<carol@example.com>', '<dave@example.com>'];
  assert.equal(userPrefsFor(rcpts, '/v/%d/%l', has), '/v/example.com/carol/user_prefs');
  assert.equal(userPrefsFor(['<bob@example.com>'], '/v/%d/%l', has), undefined);
  assert.equal(userPrefsFor(rcpts, undefined, has), undefined);
});
