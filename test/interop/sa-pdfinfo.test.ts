/**
 * PDFInfo against the installed SpamAssassin: messages with self-made PDF
 * attachments (by media type or file name, several per message, one that is
 * no PDF at all) scanned by both with the plugin loaded (`--pre`), Debian's
 * 20_pdfinfo.cf rules and a rule per eval of our own. Compared: the rules hit
 * and every PDF tag (`_PDFCOUNT_` … `_PDFMD5FUZZY2_`, values appended per PDF),
 * and the PDF's links in the URI list (a `uri` rule). Quirks pinned with
 * SpamAssassin's: `/Width W/Height H` after `/Image` on one line is read as a
 * width alone; `_PDFMD5_` holds the fuzzy digest; the pixel coverage is the
 * last PDF's. The links are not in what Bayes learns, in a scan's
 * auto-learn or sa-learn: SpamAssassin's learner takes a fresh look at the
 * message, where the plugin's parsed_metadata does not run.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../src/engine/index.js';
import { pdf, pdfMessage } from '../helpers/pdf-messages.js';
import { autoLearnedTokens, backupTokenLines } from '../helpers/sa-auto-learn.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::PDFInfo';
const TAGS = ['PDFCOUNT', 'PDFIMGCOUNT', 'PDFVERSION', 'PDFNAME', 'PDFIMGDIM', 'PDFIMGAREA', 'PDFAUTHOR', 'PDFCREATOR', 'PDFPRODUCER', 'PDFTITLE', 'PDFMD5', 'PDFMD5FUZZY1', 'PDFMD5FUZZY2'];
const RULES: Record<string, string> = {
  SW_PDF_COUNT1: 'body SW_PDF_COUNT1 eval:pdf_count(1,1)',
  SW_PDF_COUNT2: 'body SW_PDF_COUNT2 eval:pdf_count(2)',
  SW_PDF_IMG: 'body SW_PDF_IMG eval:pdf_image_count(1)',
  SW_PDF_PIX: 'body SW_PDF_PIX eval:pdf_pixel_coverage(50000,100000)',
  SW_PDF_NAMED: "body SW_PDF_NAMED eval:pdf_named('offer.pdf')",
  SW_PDF_NAMERE: "body SW_PDF_NAMERE eval:pdf_name_regex('/^scan\\.pdf$/i')",
  SW_PDF_ENC: 'body SW_PDF_ENC eval:pdf_is_encrypted()',
  SW_PDF_EMPTY: 'body SW_PDF_EMPTY eval:pdf_is_empty_body(10)',
  SW_PDF_EXACT: 'body SW_PDF_EXACT eval:pdf_image_size_exact(250,250)',
  SW_PDF_RANGE: 'body SW_PDF_RANGE eval:pdf_image_size_range(600,100,800,200)',
  SW_PDF_RATIO: 'body SW_PDF_RATIO eval:pdf_image_to_text_ratio(0,0.01)',
  SW_PDF_PROD: "body SW_PDF_PROD eval:pdf_match_details('producer','/easypdf/i')",
  SW_PDF_AUTH: "body SW_PDF_AUTH eval:pdf_match_details('author','^Jane \\(J\\)')",
  SW_PDF_CREATED: "body SW_PDF_CREATED eval:pdf_match_details('created','^2026')",
  SW_PDF_MD5: '', // filled in per run: the first message's digest
  SW_PDF_URI: 'uri SW_PDF_URI /pdf-link\\.example|hex-link\\.example/',
};

const MESSAGES: Record<string, Buffer> = {
  named: pdfMessage('one', [{ type: 'application/pdf', name: 'offer.pdf', data: pdf() }]),
  two: pdfMessage('two', [
    {
      type: 'application/octet-stream', name: 'scan.PDF',
      data: pdf({ image: '/Width 300', cm: '250 0 0 250 0 0 cm', encrypt: true, producer: '<FEFF00420043004C00200065006100730079005000440046>', uri: '<687474703A2F2F7777772E6865782D6C696E6B2E6578616D706C652F>' }),
    },
    { type: 'application/pdf', data: pdf({ version: '1.7', image: '/Width 120/Height 700', cm: '120 0 0 700 0 0 cm' }) },
  ], ''),
  'not pdfs': pdfMessage('three', [{ type: 'application/octet-stream', name: 'notes.bin', data: pdf() }, { type: 'application/pdf', name: 'broken.pdf', data: 'not a pdf at all' }]),
  // A no-break space is no white space to Perl's \s on bytes; an escaped parenthesis does not close a value;
  // a /URI entry without a dotted target ends the line's reading, its Producer included.
  quirks: pdfMessage('four', [{
    type: 'application/pdf', name: 'x.pdf',
    data: ['%PDF-1.4', '/Author\xa0(nbsp)', '/Creator \t(tab)', '/Title (t) /Author (a\\) b)', '/Producer <FEFF0041> /S /URI /URI (nodots) (http://www.bare-link.example/x)>>', 'trailer'].join('\n'),
  }]),
  'no attachment': Buffer.from('From: a@example.org\nTo: b@example.net\nSubject: plain\nMessage-ID: <plain@pdf.example>\n\nNo PDF here.\n'),
};

function cfLines(md5Rule: string): string[] {
  const rules = Object.entries(RULES).map(([name, line]) => (name === 'SW_PDF_MD5' ? md5Rule : line));
  return [
    'use_bayes 0', 'report_safe 0',
    ...rules, ...Object.keys(RULES).map((r) => `score ${r} 0.01`),
    ...TAGS.map((t) => `add_header all ${t} _${t}_`),
  ];
}

interface Outcome {
  tests: string;
  tags: Record<string, string>;
}

function outcome(headers: string): Outcome {
  const unfolded = headers.replace(/\n[ \t]+/g, ' ');
  const tests = (/^X-Spam-Status: .*?tests=(.*?) autolearn=/m.exec(unfolded)?.[1] ?? '').replace(/\s+/g, '');
  const tags: Record<string, string> = {};
  for (const t of TAGS) tags[t] = new RegExp(`^X-Spam-${t}: (.*)$`, 'm').exec(unfolded)?.[1] ?? '(none)';
  return { tests, tags };
}

function spamAssassin(raw: Buffer, cf: string[]): Promise<Outcome> {
  const args = ['-L', '-t', '-x', `--pre=${PRE}`, ...cf.map((l) => `--cf=${l}`)];
  return new Promise((resolve, reject) => {
    const child = execFile('spamassassin', args, { encoding: 'buffer', maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const out = stdout.toString('latin1');
      if (err && !out) reject(new Error(`spamassassin failed (apt-get install -y spamassassin): ${err.message}\n${stderr}`));
      else resolve(outcome(out.slice(0, out.indexOf('\n\n') + 1)));
    });
    child.stdin?.end(raw);
  });
}

describe('PDFInfo as the installed SpamAssassin reads PDF attachments', async () => {
  // The first message's whole-file digest, read from our own tags' source: the same bytes SpamAssassin hashes.
  const { createHash } = await import('node:crypto');
  const md5 = createHash('md5').update(pdf(), 'latin1').digest('hex');
  const cf = cfLines(`body SW_PDF_MD5 eval:pdf_match_md5('${md5}')`);
  const engine = await createEngine({ localTestsOnly: true, noUserConfig: true, preLines: [PRE], cfLines: cf });
  for (const [name, raw] of Object.entries(MESSAGES)) {
    test(name, async () => {
      const sa = await spamAssassin(raw, cf);
      const v = engine.scanSync(raw);
      const ours = outcome(v.rewrittenHeaderSection().toString('latin1'));
      assert.deepEqual(ours, sa);
      if (name === 'named') assert.match(sa.tests, /GMD_PRODUCER_GPL.*SW_PDF_MD5.*SW_PDF_URI/);
      if (name === 'two') assert.match(sa.tests, /GMD_PDF_ENCRYPTED.*GMD_PDF_SQUARE.*GMD_PRODUCER_EASYPDF.*SW_PDF_EXACT.*SW_PDF_RANGE.*SW_PDF_URI/);
    });
  }
  test('done', async () => {
    await engine.close();
  });
});

describe('PDF links and Bayes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spamward-pdf-tokens-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const raw = MESSAGES.named!.toString('latin1');

  test("a scan's auto-learn leaves the PDF's link out, as SpamAssassin's learner does", { timeout: 180_000 }, async () => {
    const cf = [PRE, 'use_bayes 1', 'bayes_auto_learn 1', 'bayes_auto_learn_threshold_nonspam 2', 'add_header all Uri _PDFCOUNT_'];
    const withPdf = await autoLearnedTokens(raw, cf, join(dir, 'with'));
    const without = await autoLearnedTokens(raw, cf.slice(1), join(dir, 'without'));
    assert.match(withPdf.saStdout, /^X-Spam-Uri: 1$/m, 'PDFInfo ran in the scan');
    assert.deepEqual(withPdf.theirs, without.theirs, 'SpamAssassin learned the same tokens with the plugin');
    assert.deepEqual(withPdf.ours, withPdf.theirs);
  });

  test('sa-learn does not (parsed_metadata does not run there), and neither does spamward learn', { timeout: 180_000 }, () => {
    writeFileSync(join(dir, 'pdf.eml'), raw, 'latin1');
    const learned = (cmd: string, prefix: string[], db: string): string[] => {
      const run = (args: string[]) => spawnSync(cmd, [...prefix, ...args], { encoding: 'latin1', timeout: 120_000 });
      const learn = run(['-L', `--cf=${PRE}`, '--dbpath', db, '--ham', join(dir, 'pdf.eml')]);
      if (learn.error) throw new Error(`${cmd} could not be run (apt-get install -y spamassassin): ${learn.error.message}`);
      assert.equal(learn.status, 0, learn.stderr);
      return backupTokenLines(run(['--dbpath', db, '--backup']).stdout).map((l) => l.split('\t')[3]!).sort();
    };
    const theirs = learned('sa-learn', [], join(dir, 'sa-learn', 'bayes'));
    assert.ok(theirs.length > 10);
    assert.deepEqual(learned(process.execPath, [CLI, 'learn'], join(dir, 'sw-learn')), theirs);
  });
});
