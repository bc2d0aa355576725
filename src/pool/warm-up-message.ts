/**
 * A self-written message that walks the common scanning paths (relays,
 * multipart/alternative, HTML rendering, URIs), scanned once by each worker
 * before it takes work: the first scan of a fresh engine pays for compiling
 * thousands of regexes, and that must not count against a real message's
 * time budget.
 */
export function warmUpMessage(): Buffer {
  const html = '<html><body><p>Dear <b>customer</b>, your <a href="http://www.example.com/offer?id=1">account</a> needs attention.</p>' +
    '<img src="http://images.example.net/logo.gif" width="1" height="1"><font color="#ffffff">hidden</font></body></html>';
  const text = 'Dear customer,\n\nYour account needs attention: http://www.example.com/offer?id=1\nCall 555-0100 today.\n\n-- \nThe team\n';
  return Buffer.from(
    [
      'Received: from mail.example.org (mail.example.org [192.0.2.10])\n\tby mx.example.com (Postfix) with ESMTP id 4ABC\n\tfor <bob@example.com>; Mon, 2 Mar 2026 10:00:00 +0000',
      'From: "Example Team" <team@example.org>',
      'To: bob@example.com',
      'Subject: Your account needs attention',
      'Date: Mon, 2 Mar 2026 10:00:00 +0000',
      'Message-ID: <warm-up.1@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      text,
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '--b1--',
      '',
    ].join('\n'),
    'latin1',
  );
}
