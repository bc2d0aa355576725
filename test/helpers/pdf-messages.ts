/**
 * Self-written messages with PDF attachments for the PDFInfo tests: a small
 * PDF of text lines (catalog, page, an image XObject, a link annotation, an
 * Info dictionary), its parts chosen per case, attached base64-encoded.
 */

export interface PdfOptions {
  version?: string;
  producer?: string;
  author?: string;
  title?: string;
  /** The image XObject's size line. */
  image?: string;
  encrypt?: boolean;
  uri?: string;
  /** A content-stream placement line (`W 0 0 H 0 0 cm`), if any. */
  cm?: string;
}

export interface PdfPart {
  type: string;
  name?: string;
  data: string;
}

/** The PDF's text; each option replaces one of its lines. */
export function pdf({ version = '1.4', producer = '(GPL Ghostscript 9.54)', author = '(Jane \\(J\\) Doe)', title = '<FEFF00480069>', image = '/Width 500/Height 200', encrypt = false, uri = '(http://www.pdf-link.example/offer)', cm = '' }: PdfOptions = {}): string {
  return [
    `%PDF-${version}`, '%\xe2\xe3\xcf\xd3',
    '1 0 obj', '<< /Type /Catalog /Pages 2 0 R >>', 'endobj',
    '2 0 obj', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', 'endobj',
    '3 0 obj', '<< /Type /Page /Parent 2 0 R', '/MediaBox [0 0 612 792]', '/Annots [5 0 R] >>', 'endobj',
    '4 0 obj', '<< /Type /XObject', '/Subtype /Image', image, '>>', 'stream', 'xxxxbinary', 'endstream', 'endobj',
    ...(cm ? ['q', cm, '/Im1 Do', 'Q'] : []),
    '5 0 obj', `<< /Type /Annot /Subtype /Link /A << /S /URI /URI ${uri} >> >>`, 'endobj',
    '6 0 obj', `<< /Producer ${producer}`, `/Author ${author}`, `/Title ${title}`, '/CreationDate (D:20260102030405)', '/ModDate (D:20260103)', '>>', 'endobj',
    ...(encrypt ? ['/Encrypt 7 0 R'] : []),
    'trailer', '<< /Root 1 0 R /Info 6 0 R >>', '%%EOF', '',
  ].join('\n');
}

/** A multipart/mixed message: a text part with `body`, then each PDF part base64-encoded. */
export function pdfMessage(id: string, parts: PdfPart[], body = 'Please see the attached document.'): Buffer {
  const b = 'BOUNDARY-pdf';
  const out = ['From: Pat <pat@example.org>', 'To: reader@example.net', `Subject: document ${id}`, `Message-ID: <${id}@pdf.example>`, 'Date: Tue, 6 Jan 2026 09:00:00 +0000', 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${b}"`, '', `--${b}`, 'Content-Type: text/plain', '', body, ''];
  for (const p of parts) out.push(`--${b}`, `Content-Type: ${p.type}${p.name ? `; name="${p.name}"` : ''}`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment${p.name ? `; filename="${p.name}"` : ''}`, '', Buffer.from(p.data, 'latin1').toString('base64').replace(/.{76}/g, '$&\n'), '');
  out.push(`--${b}--`, '');
  return Buffer.from(out.join('\n'), 'latin1');
}
