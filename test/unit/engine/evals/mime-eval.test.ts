import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakePart, fakeScanContext, runEval } from '../../../helpers/fake-scan-context.js';

const TOP = 'From: a@example.com\nSubject: test';

function alternative(textBody: string, htmlBody: string, extra: ReturnType<typeof fakePart>[] = []) {
  return fakePart({
    type: 'multipart/mixed',
    headers: 'Content-Type: multipart/mixed; boundary=x',
    children: [
      fakePart({
        type: 'multipart/alternative',
        children: [fakePart({ type: 'text/plain', body: textBody }), fakePart({ type: 'text/html', body: htmlBody })],
      }),
      ...extra,
    ],
  });
}

describe('MIMEEval check_for_mime', () => {
  it('counts base64 and quoted-printable parts and attachments', async () => {
    const root = alternative('hi\n', '<p>hi</p>\n', [
      fakePart({ type: 'application/pdf', cte: 'base64', headers: 'Content-Disposition: attachment; filename=a.pdf', body: 'QUJD\n' }),
    ]);
    const ctx = fakeScanContext({ headers: TOP, root });
    assert.equal(await runEval('check_for_mime', ctx, ['mime_base64_count']), true);
    assert.equal(await runEval('check_for_mime', ctx, ['mime_attachment']), true);
    assert.equal(await runEval('check_for_mime', ctx, ['mime_qp_count']), false);
    assert.equal(await runEval('check_for_mime', ctx, ['mime_base64_encoded_text']), false);
    // Never set by SpamAssassin's MIMEEval, so never true.
    assert.equal(await runEval('check_for_mime', ctx, ['mimepart_limit_exceeded']), false);
    assert.equal(await runEval('check_for_mime', ctx, ['mime_base64_blanks']), false);
  });

  it('flags base64 text without a charset and long QP lines', async () => {
    const b64 = fakeScanContext({ headers: TOP, root: fakePart({ type: 'text/plain', cte: 'base64', body: 'aGVsbG8=\n' }) });
    assert.equal(await runEval('check_for_mime', b64, ['mime_base64_encoded_text']), true);
    const long = `${'a'.repeat(90)}\n`;
    const qp = fakeScanContext({ headers: TOP, root: fakePart({ type: 'text/plain', cte: 'quoted-printable', body: long }) });
    assert.equal(await runEval('check_for_mime', qp, ['mime_qp_long_line']), true);
    assert.equal(await runEval('check_for_mime', qp, ['mime_qp_count']), false);
  });

  it('flags odd ISO charsets but not iso-8859-x or iso-2022-jp', async () => {
    const run = async (charset: string) => runEval('check_for_mime',
      fakeScanContext({ headers: TOP, root: fakePart({ type: 'text/plain', charset, body: 'x\n' }) }), ['mime_bad_iso_charset']);
    assert.equal(await run('iso-8859-1'), false);
    assert.equal(await run('ISO-2022-JP'), false);
    assert.equal(await run('iso-10646-ucs-2'), true);
  });

  it('mime_faraway_charset depends on ok_locales', async () => {
    const root = fakePart({ type: 'text/plain', charset: 'koi8-r', body: 'x\n' });
    assert.equal(await runEval('check_for_mime', fakeScanContext({ headers: TOP, root }), ['mime_faraway_charset']), false);
    assert.equal(await runEval('check_for_mime', fakeScanContext({ headers: TOP, root, conf: { okLocales: 'en' } }), ['mime_faraway_charset']), true);
  });
});

describe('MIMEEval HTML-only and ratios', () => {
  it('check_for_mime_html and _html_only', async () => {
    const htmlOnly = fakeScanContext({ headers: `${TOP}\nContent-Type: text/html`, root: fakePart({ type: 'text/html', body: '<b>x</b>' }) });
    assert.equal(await runEval('check_for_mime_html', htmlOnly), true);
    assert.equal(await runEval('check_for_mime_html_only', htmlOnly), true);
    const alt = fakeScanContext({ headers: `${TOP}\nContent-Type: multipart/mixed`, root: alternative('a\n', '<p>a</p>\n') });
    assert.equal(await runEval('check_for_mime_html', alt), true);
    assert.equal(await runEval('check_for_mime_html_only', alt), false);
    const plain = fakeScanContext({ headers: TOP, body: 'x\n' });
    assert.equal(await runEval('check_for_mime_html', plain), false);
  });

  it('check_mime_multipart_ratio compares text and HTML byte counts', async () => {
    const tiny = fakeScanContext({ headers: TOP, root: alternative('\n', `${'<p>word</p>'.repeat(200)}\n`) });
    assert.equal(await runEval('check_mime_multipart_ratio', tiny, ['0.00', '0.01']), true);
    const even = fakeScanContext({ headers: TOP, root: alternative('hello there\n', '<p>hello there</p>\n') });
    assert.equal(await runEval('check_mime_multipart_ratio', even, ['0.00', '0.01']), false);
  });

  it('check_ma_non_text flags a non-text leaf directly in multipart/alternative', async () => {
    const root = fakePart({
      type: 'multipart/alternative',
      children: [fakePart({ type: 'text/plain', body: 'a' }), fakePart({ type: 'image/gif', body: 'GIF89a' })],
    });
    assert.equal(await runEval('check_ma_non_text', fakeScanContext({ headers: TOP, root })), true);
    assert.equal(await runEval('check_ma_non_text', fakeScanContext({ headers: TOP, root: alternative('a', 'b') })), false);
  });
});

describe('MIMEEval text checks', () => {
  it('check_for_ascii_text_illegal: 8-bit bytes in an us-ascii text/plain part', async () => {
    const bad = fakeScanContext({ headers: TOP, root: fakePart({ type: 'text/plain', body: 'caf\xe9\n' }) });
    assert.equal(await runEval('check_for_ascii_text_illegal', bad), true);
    const ok = fakeScanContext({ headers: TOP, root: fakePart({ type: 'text/plain', charset: 'utf-8', body: 'caf\xc3\xa9\n' }) });
    assert.equal(await runEval('check_for_ascii_text_illegal', ok), false);
  });

  it('check_abundant_unicode_ratio counts literal &#xHHHH; entities', async () => {
    const body = `${'&#x0410;'.repeat(10)} some text here\n`;
    const ctx = fakeScanContext({ headers: TOP, root: fakePart({ type: 'text/plain', body }) });
    assert.equal(await runEval('check_abundant_unicode_ratio', ctx, ['0.02']), true);
    assert.equal(await runEval('check_abundant_unicode_ratio', ctx, ['0.9']), false);
    assert.equal(await runEval('check_abundant_unicode_ratio', ctx, ['bogus']), false);
  });

  it('check_base64_length finds the longest raw base64 line, newline included', async () => {
    const part = (n: number) => fakePart({ type: 'application/octet-stream', cte: 'base64', body: `${'A'.repeat(n)}\n${'A'.repeat(20)}\n` });
    const long = fakeScanContext({ headers: TOP, root: part(79) });
    assert.equal(await runEval('check_base64_length', long, ['79']), true);
    assert.equal(await runEval('check_base64_length', long, ['78', '79']), false);
    assert.equal(await runEval('check_base64_length', long, ['81']), false);
    const edge = fakeScanContext({ headers: TOP, root: part(77) });
    assert.equal(await runEval('check_base64_length', edge, ['78', '79']), true);
  });

  it('check_for_uppercase needs 200 characters of multi-word lines', async () => {
    const loud = Array.from({ length: 10 }, () => 'THIS IS A VERY LOUD LINE OF TEXT\n');
    const ctx = fakeScanContext({ headers: TOP });
    assert.equal(await runEval('check_for_uppercase', ctx, ['75', '100'], loud), true);
    const quiet = fakeScanContext({ headers: TOP });
    assert.equal(await runEval('check_for_uppercase', quiet, ['75', '100'], ['SHORT AND LOUD\n']), false);
  });

  it('check_for_uppercase takes only ASCII white space for a space: \\xA0 inside UTF-8 text is none', async () => {
    // "Р" is \xD0\xA0 in UTF-8: a line of it has no space to Perl, so it does not count toward the 200.
    const cyrillic = Buffer.from('Р'.repeat(100), 'utf8').toString('latin1');
    const body = ['LOUD WORDS HERE AND THERE\n', `${cyrillic}\n`];
    assert.equal(await runEval('check_for_uppercase', fakeScanContext({ headers: TOP }), ['75', '100'], body), false);
  });

  it('check_msg_parse_flags reports the parser flags', async () => {
    const ctx = fakeScanContext({ headers: TOP, flags: { missingHeadBodySeparator: true, mimeEpilogueExists: true } });
    assert.equal(await runEval('check_msg_parse_flags', ctx, ['missing_head_body_separator']), true);
    assert.equal(await runEval('check_msg_parse_flags', ctx, ['mime_epilogue_exists']), true);
    assert.equal(await runEval('check_msg_parse_flags', ctx, ['truncated_header']), false);
    assert.equal(await runEval('check_msg_parse_flags', ctx, ['missing_mime_headers']), false);
    assert.equal(await runEval('check_msg_parse_flags', ctx, ['no_such_flag']), false);
  });
});
