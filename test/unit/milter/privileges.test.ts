import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookupUser } from '../../../milter/privileges.js';
import { SpamwardError } from '../../../src/util/errors.js';

test('users are found by name or numeric id in a passwd file; unknown ones are config errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'passwd-test-'));
  try {
    const passwd = join(dir, 'passwd');
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/sh\nmilter:x:1234:567::/nonexistent:/usr/sbin/nologin\n\nbroken\n');
    assert.deepEqual(lookupUser('milter', passwd), { uid: 1234, gid: 567 });
    assert.deepEqual(lookupUser('1234', passwd), { uid: 1234, gid: 567 });
    assert.throws(() => lookupUser('nobody-here', passwd), (e: unknown) => e instanceof SpamwardError && e.code === 'ERR_CONFIG');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
