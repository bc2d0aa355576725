/**
 * PDFInfo's line reader on its own (the comparison with SpamAssassin is
 * test/interop/sa-pdfinfo.test.ts): PDF strings, image sizes, links, and the
 * magic that decides whether a part is read at all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pdfString, readPdf } from '../../../../src/engine/evals/pdf/pdf-document.js';
import { pdf } from '../../../helpers/pdf-messages.js';

describe('PDF strings', () => {
  it('literal: octal escapes, escaped parentheses and backslashes; hex; UTF-16 marks drop the NULs', () => {
    assert.equal(pdfString('(a \\(b\\) \\\\ \\101\\102)'), 'a (b) \\ AB');
    assert.equal(pdfString('<48 69>'), 'Hi');
    assert.equal(pdfString('<FEFF00480069>'), 'Hi');
    assert.equal(pdfString('(\\376\\377\\000H\\000i)'), 'Hi');
    assert.equal(pdfString(`(${'x'.repeat(300)})`).length, 256);
  });
});

describe('reading a PDF', () => {
  it('needs %PDF-x.y within its first 1 KB (a UTF-8 mark before it is skipped)', () => {
    assert.equal(readPdf(Buffer.from('plain text')), undefined);
    assert.equal(readPdf(Buffer.from(`${' '.repeat(1100)}%PDF-1.4\n`)), undefined);
    assert.equal(readPdf(Buffer.from('\xef\xbb\xbf%PDF-1.5\n', 'latin1'))?.version, '1.5');
  });
  it('finds sizes only with both on one line after /Image, links, properties and encryption', () => {
    const doc = readPdf(Buffer.from(pdf({ image: '/Height 10', cm: '250 0 0 120 0 0 cm', encrypt: true }), 'latin1'))!;
    assert.deepEqual(doc.images, [{ height: 120, width: 250 }]);
    assert.equal(doc.totalArea, 30000);
    assert.equal(doc.encrypted, true);
    assert.deepEqual(doc.uris, ['http://www.pdf-link.example/offer']);
    assert.deepEqual(doc.details.get('producer'), ['GPL Ghostscript 9.54']);
    assert.deepEqual(doc.details.get('created'), ['20260102030405']);
    assert.match(doc.md5, /^[0-9A-F]{32}$/);
    assert.notEqual(doc.fuzzyMd5, doc.md5);
  });
  it('a /URI entry without a usable target skips the rest of its line, as SpamAssassin does', () => {
    const text = ['%PDF-1.4', '/URI (nodot) /Author (skipped)', '/Author (kept)'].join('\n');
    assert.deepEqual(readPdf(Buffer.from(text))!.details.get('author'), ['kept']);
  });
  it('white space is Perl\'s on bytes: a no-break space (\\xa0) does not separate a key from its value', () => {
    const text = ['%PDF-1.4', '/Author\xa0(nbsp)', '/Creator \t(tab)'].join('\n');
    const doc = readPdf(Buffer.from(text, 'latin1'))!;
    assert.equal(doc.details.get('author'), undefined);
    assert.deepEqual(doc.details.get('creator'), ['tab']);
  });
  it('a line of values that never close is read in one pass, not retried from every key (a hostile PDF)', { timeout: 30_000 }, () => {
    const text = `%PDF-1.4\n${'/Author('.repeat(200_000)}\n${'/S /URI /URI <'.repeat(100_000)}\n/Title (t) /Author (a\\) b)\n`;
    const doc = readPdf(Buffer.from(text, 'latin1'))!;
    assert.deepEqual(doc.details.get('author'), ['a) b']);
    assert.deepEqual(doc.details.get('title'), ['t']);
    assert.deepEqual(doc.uris, []);
  });
});
