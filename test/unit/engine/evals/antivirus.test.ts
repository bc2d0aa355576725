import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rememberLanguages } from '../../../../src/engine/textcat/message-languages.js';
import { fakePart, fakeScanContext, runEval } from '../../../helpers/fake-scan-context.js';

const mixed = (...children: ReturnType<typeof fakePart>[]) =>
  fakeScanContext({ root: fakePart({ type: 'multipart/mixed', children: [fakePart({ type: 'text/plain', body: 'hi\n' }), ...children] }) });

describe('AntiVirus', () => {
  it('check_microsoft_executable: by name or by the base64 MZ header', async () => {
    assert.equal(await runEval('check_microsoft_executable', mixed(fakePart({ type: 'application/octet-stream', name: 'setup.EXE', body: 'x' }))), true);
    const mz = Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1').toString('base64');
    assert.equal(await runEval('check_microsoft_executable', mixed(fakePart({ type: 'application/octet-stream', cte: 'base64', body: `${mz}\n` }))), true);
    assert.equal(await runEval('check_microsoft_executable', mixed(fakePart({ type: 'application/pdf', name: 'a.pdf', cte: 'base64', body: 'JVBERi0xLjQK\n' }))), false);
  });

  it('check_suspect_name: extension contradicting the media type', async () => {
    assert.equal(await runEval('check_suspect_name', mixed(fakePart({ type: 'application/zip', name: 'photo.jpg', body: 'x' }))), true);
    assert.equal(await runEval('check_suspect_name', mixed(fakePart({ type: 'image/jpeg', name: 'photo.jpg', body: 'x' }))), false);
    assert.equal(await runEval('check_suspect_name', mixed(fakePart({ type: 'application/octet-stream', name: 'photo.jpg', body: 'x' }))), false);
    assert.equal(await runEval('check_suspect_name', mixed(fakePart({ type: 'application/vnd.ms-excel', name: 'a.xls', body: 'x' }))), false);
    assert.equal(await runEval('check_suspect_name', mixed()), false);
  });
});

describe('TextCat check_body_8bits', () => {
  /** A scan TextCat ran on (without a `languages` file the plugin is disabled). */
  const textcatRan = (spec: Parameters<typeof fakeScanContext>[0] = {}) => {
    const ctx = fakeScanContext(spec);
    rememberLanguages(ctx, { languages: '', length: 0 });
    return ctx;
  };

  it('fires on a run of eight 8-bit bytes unless ok_languages allows 8-bit scripts', async () => {
    const body = ['plain\n', 'caf\xc3\xa9 \xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82\n'];
    assert.equal(await runEval('check_body_8bits', textcatRan({ conf: { okLanguages: 'en' } }), [], body), true);
    assert.equal(await runEval('check_body_8bits', textcatRan({ conf: { okLanguages: 'en ru' } }), [], body), false);
    assert.equal(await runEval('check_body_8bits', textcatRan(), [], body), false);
    assert.equal(await runEval('check_body_8bits', textcatRan({ conf: { okLanguages: 'en' } }), [], ['caf\xc3\xa9\n']), false);
    assert.equal(await runEval('check_body_8bits', fakeScanContext({ conf: { okLanguages: 'en' } }), [], body), false, 'TextCat disabled');
  });
});
