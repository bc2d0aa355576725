import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressParts, expandPattern, sqlUserFor, userPrefsFor } from '../../../milter/user-prefs.js';

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

test('SQL preferences: the only recipient (address or local part), else the default user, as spamass-milter -u', () => {
  const address = { user: 'address' as const, defaultUser: 'nobody' };
  assert.equal(sqlUserFor(['<Alice@Local.Test>'], address), 'alice@local.test');
  assert.equal(sqlUserFor(['<alice@local.test>'], { ...address, user: 'local' }), 'alice');
  assert.equal(sqlUserFor(['<alice@local.test>', '<bob@local.test>'], address), 'nobody');
  assert.equal(sqlUserFor(['<alice@local.test>', '<bob@local.test>'], { ...address, defaultUser: 'shared' }), 'shared');
  // Not a plain address (path characters), and no recipient at all: the default user, never a made-up name.
  assert.equal(sqlUserFor(['<../etc@x>'], address), 'nobody');
  assert.equal(sqlUserFor([], address), 'nobody');
});
