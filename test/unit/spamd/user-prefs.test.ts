import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { homeOf, safeUserName, userPrefsFor, virtualConfigDir } from '../../../src/spamd/user-prefs.js';

const root = mkdtempSync(join(tmpdir(), 'spamd-prefs-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('per-user preferences from the User header', () => {
  it('sanitises names like spamd, and never lets "." or ".." through', () => {
    assert.equal(safeUserName('alice@example.org'), 'alice@example.org');
    assert.equal(safeUserName('../../etc/x'), '.._.._etc_x');
    assert.equal(safeUserName('..'), '__');
    assert.equal(safeUserName('a b;c'), 'a_b_c');
  });

  it('expands --virtual-config-dir escapes', async () => {
    assert.equal(await virtualConfigDir('/v/%d/%l', 'bob@example.org'), '/v/example.org/bob');
    assert.equal(await virtualConfigDir('/v/%u/%%', 'bob'), '/v/bob/%');
    mkdirSync(join(root, 'x', 'full@d.org'), { recursive: true });
    writeFileSync(join(root, 'x', 'full@d.org', 'user_prefs'), 'required_score 3\n');
    assert.equal(await virtualConfigDir(join(root, 'x', '%x'), 'full@d.org'), join(root, 'x', 'full@d.org'));
    assert.equal(await virtualConfigDir(join(root, 'x', '%x'), 'other@d.org'), join(root, 'x', 'd.org'));
  });

  it('finds ~user/.spamassassin/user_prefs through the passwd file, unless -x', async () => {
    const home = join(root, 'home', 'carol');
    mkdirSync(join(home, '.spamassassin'), { recursive: true });
    writeFileSync(join(home, '.spamassassin', 'user_prefs'), 'score X 1\n');
    const passwd = join(root, 'passwd');
    writeFileSync(passwd, `root:x:0:0:root:/root:/bin/sh\ncarol:x:1000:1000::${home}:/bin/sh\n`);
    assert.equal(await homeOf('carol', passwd), home);
    assert.deepEqual(await userPrefsFor('carol', { noUserConfig: false, passwdFile: passwd }), { userPrefsPath: join(home, '.spamassassin', 'user_prefs') });
    assert.deepEqual(await userPrefsFor('carol', { noUserConfig: true, passwdFile: passwd }), {});
    assert.deepEqual(await userPrefsFor('nobody-here', { noUserConfig: false, passwdFile: passwd }), {});
    assert.deepEqual(await userPrefsFor(undefined, { noUserConfig: false, passwdFile: passwd }), {});
  });

  it('uses the virtual directory when its user_prefs exists', async () => {
    mkdirSync(join(root, 'v', 'dave'), { recursive: true });
    writeFileSync(join(root, 'v', 'dave', 'user_prefs'), 'required_score 2\n');
    const policy = { noUserConfig: true, virtualConfigDir: join(root, 'v', '%u') };
    assert.deepEqual(await userPrefsFor('dave', policy), { userPrefsPath: join(root, 'v', 'dave', 'user_prefs') });
    assert.deepEqual(await userPrefsFor('erin', policy), {});
  });
});
