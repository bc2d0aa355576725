/**
 * A seeded generator of whole messages for differential runs against the
 * real SpamAssassin (`fidelity.js --synthetic N`). The public corpus is mail
 * of 2002; this one mixes what later mail carries and what SpamAssassin's
 * rules look for: encoded words in several charsets, nested multiparts,
 * base64 and quoted-printable bodies (some broken), HTML with hidden text,
 * obfuscation, forms and image tricks, URIs in many spellings, Received
 * chains from several MTAs, missing or odd header fields. Every value is an
 * octet string (latin1); the same seed gives the same messages, but for
 * dates, which are drawn relative to the time of the run.
 */
import iconv from 'iconv-lite';
import { seededRandom } from '../../../src/util/seeded-random.js';
import { RandomPicks } from '../../helpers/random-picks.js';

const utf8 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
const b64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');

const SPAM_PHRASES = ['Click here', 'FREE', '100% guaranteed', 'Act now!', 'limited time offer', 'V1AGRA', 'v i a g r a', 'Cialis',
  'You are a WINNER of the lottery draw', 'Call 1-800-555-0199 now', 'reply to claims@example.com with your bank details', 'Dear Beneficiary',
  'To opt out click here: http://example.com/unsub?id=12345', 'Your package could not be delivered', 'Urgent business proposal',
  'meet singles in your area', 'This message was sent to you because you opted in', 'As seen on TV', 'Order today and save 50%',
  '-----BEGIN PGP SIGNATURE-----', 'begin 644 file.txt', 'bit.ly/3xYzAbC', 'Earn $5000 per week!!!', 'ATTENTION: ACCOUNT VERIFICATION REQUIRED',
  'lose weight fast', 'make money from home', '$$$', 'Dear friend', 'you have been selected', 'unsubscribe', 'remove me',
  'no credit check', 'work from home', 'Nigerian', 'wire transfer of US$12,500,000.00', 'your account has been suspended',
  'verify your password', 'bitcoin wallet 1BoatSLRHtKNngkdXEeobR76b53LETtpyT', 'MILLIONS OF DOLLARS', 'Cheap meds online',
  'Rolex replica', 'hot singles', 'casino bonus', 'refinance your mortgage', 'This is not spam', 'one-time mailing'];
const HAM_PHRASES = ['Hi Bob,', 'see the attached minutes', 'the build is green again', 'lunch on Thursday?', 'Regards,\nAlice',
  'I reviewed the patch and left comments.', 'The meeting moved to room 4.', 'Thanks for the quick reply.', 'Cheers', '--\nsent from my phone',
  'The quarterly report is due next week.', 'Can you check the logs on db2?', 'Here is the link to the doc'];
const UNICODE_TEXT = [utf8('Grüße aus München'), utf8('Привет, как дела?'), utf8('こんにちは、世界'), utf8('Ваш выигрыш 1 000 000 руб'),
  utf8('特价优惠，立即购买'), utf8('café crème à la française'), utf8('¡Oferta única!'), utf8('Ｆｒｅｅ　ｍｏｎｅｙ')];
const HOSTS = ['example.com', 'mail.example.org', 'example.net', 'bit.ly', 'tinyurl.com', 'paypal.com', 'paypa1.com', 'secure-login.example.ru',
  'g00gle.com', 'www.example.co.uk', 'xn--80ak6aa92e.com', '192.0.2.10', 'cheap-meds.example.info', 'lists.example.org', 'news.example.com'];
const CHARSETS = ['us-ascii', 'utf-8', 'UTF-8', 'iso-8859-1', 'windows-1252', 'koi8-r', 'gb2312', 'big5', 'shift_jis', 'euc-kr', 'iso-2022-jp', 'x-unknown',
  'windows-1251', 'gbk', 'gb18030', 'euc-jp', 'ks_c_5601-1987', 'iso-8859-2', 'iso-8859-5', 'iso-8859-7', 'iso-8859-9', 'tis-620', 'utf-16', 'utf-7',
  'csISO2022JP', 'unicode', 'latin1', 'cp1250', 'x-mac-cyrillic', 'binary', 'unknown-8bit', 'ISO-8859-1'];
/** Text to write in a declared charset (iconv-lite's name for it), so that the bytes are often what the label says. */
const WRITABLE: Record<string, [string, string]> = {
  'windows-1251': ['windows-1251', 'Привет, лучшие цены на лекарства'], 'koi8-r': ['koi8-r', 'Скидки до 90% только сегодня'],
  gb2312: ['gb2312', '特价优惠，立即购买发票'], gbk: ['gbk', '代开发票，联系电话'], gb18030: ['gb18030', '优惠活动'], big5: ['big5', '特價優惠，立即購買'],
  shift_jis: ['shift_jis', '出会い系サイト、無料登録ﾊﾝｶｸ'], 'euc-jp': ['euc-jp', 'こんにちは、今すぐクリック'], 'euc-kr': ['euc-kr', '대출 상담 무료'],
  'ks_c_5601-1987': ['cp949', '광고 대출 상담'], 'iso-8859-2': ['iso-8859-2', 'Zażółć gęślą jaźń'], 'iso-8859-5': ['iso-8859-5', 'Бесплатно'],
  'iso-8859-7': ['iso-8859-7', 'Προσφορά'], 'iso-8859-9': ['iso-8859-9', 'Ücretsiz kredi ğış'], 'tis-620': ['tis-620', 'ราคาพิเศษ'],
  'iso-8859-1': ['latin1', 'Grüße café naïve'], 'windows-1252': ['windows-1252', '“Smart” quotes — €5 …'], 'utf-16': ['utf-16be', 'Free money'],
  cp1250: ['cp1250', 'Příliš žluťoučký kůň'], 'x-mac-cyrillic': ['maccyrillic', 'Привет'],
};
const MAILERS = ['Microsoft Outlook Express 6.00.2800.1106', 'Mozilla Thunderbird 115.0', 'Apple Mail (2.3731)', 'PHPMailer 6.8.0',
  'The Bat! (v1.62r)', 'Mutt/2.2.9', 'AOL 9.0', 'Foxmail 7.2', undefined];

class SyntheticMail extends RandomPicks {

  /** A sentence of spammy or hammy words, sometimes with capitals, runs of punctuation or 8-bit text. */
  sentence(spammy: boolean): string {
    const parts: string[] = [];
    const n = 1 + this.int(5);
    for (let i = 0; i < n; i++) {
      let p = this.pick(spammy && this.chance(0.7) ? SPAM_PHRASES : HAM_PHRASES);
      if (this.chance(0.1)) p = p.toUpperCase();
      if (this.chance(0.08)) p += '!!!';
      if (this.chance(0.08)) p = this.pick(UNICODE_TEXT);
      parts.push(p);
    }
    return parts.join(this.pick([' ', '. ', '\n', ', ']));
  }

  host(): string {
    return this.pick(HOSTS);
  }

  /** A URI in one of the spellings SpamAssassin's URI extraction and rules care about. */
  uri(): string {
    const h = this.host();
    switch (this.int(20)) {
      case 12: return `http://paypal.com@${h}/login`;
      case 13: return this.pick(['http://3221225985/', 'http://0300.0000.0002.0001/', 'http://0xC0.0x0.0x02.0x01/', 'http://192.0.2.1.nip.io/']);
      case 14: return `hxxp://${h}/`;
      case 15: return `http://www.example.com%2E${h}/`;
      case 16: return this.pick(['https://xn--pypal-4ve.com/', 'http://xn--80ak6aa92e.xn--p1ai/', `http://${utf8('bücher')}.example/`]);
      case 17: return this.pick(['javascript:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'cid:part1.abc@example.com', 'file:///etc/passwd']);
      case 18: return `http:\\\\${h}\\x`;
      case 19: return `http://${h}:80/%68%74%74%70/?a=b#frag`;
      case 0: return `http://${h}/`;
      case 1: return `https://${h}/login?user=1&next=%2Fhome`;
      case 2: return `www.${h.replace(/^www\./, '')}/path`;
      case 3: return `http://${this.int(256)}.${this.int(256)}.${this.int(256)}.${this.int(256)}/x.exe`;
      case 4: return `http://www.google.com/url?q=http://${h}/`;
      case 5: return `http://user:pass@${h}/`;
      case 6: return `mailto:someone@${h}?subject=remove`;
      case 7: return `HTTP://${h.toUpperCase()}:8080/%7Euser/`;
      case 8: return `http://${h}/redirect?url=http%3A%2F%2F${this.host()}%2F`;
      case 9: return `http://0x${(0xc0000201).toString(16)}/`;
      case 10: return `h**p://${h}`;
      default: return `${h}/offer.html`;
    }
  }

  /** A mailbox for a header, often with a display name, sometimes encoded or odd. */
  mailbox(): string {
    const user = this.pick(['alice', 'bob', 'info', 'no-reply', 'support', 'xk3j9q2', 'newsletter', 'john.smith', 'sales', '3f2a9c8e1b', 'ALICE', 'a.b.c.d.e', 'x_-_y', 'postmaster']);
    const addr = `${user}@${this.pick(['example.com', 'example.org', 'gmail.com', 'yahoo.com', 'hotmail.com', 'example.net', 'mail.ru', 'qwrtpsdf.com', 'a1b2c3d4e5.example', 'outlook.com', 'aol.com'])}`;
    switch (this.int(8)) {
      case 0: return addr;
      case 1: return `<${addr}>`;
      case 2: return `"${this.pick(['Alice Smith', 'PayPal Service', 'Bank of America', 'Smith, John', 'admin'])}" <${addr}>`;
      case 3: return `${this.chance(0.5) ? `=?UTF-8?B?${b64(this.pick(UNICODE_TEXT))}?=` : this.encodedWords()} <${addr}>`;
      case 4: return `=?iso-8859-1?Q?J=FCrgen_M=FCller?= <${addr}>`;
      case 5: return `${addr} (${this.pick(['Alice', 'Support Team', ''])})`;
      case 6: return this.pick([`"${addr}" <${addr}>`, `"support@paypal.com" <${addr}>`, `Alice <${addr}>, Bob <bob@example.com>`, `<${addr}> Alice`, `"Alice\\" Smith" <${addr}>`]);
      default: return `Support <${addr}>`;
    }
  }

  subject(spammy: boolean): string {
    const plain = this.sentence(spammy).split('\n')[0]!.slice(0, 70);
    switch (this.int(6)) {
      case 0: return this.chance(0.5) ? `=?UTF-8?B?${b64(this.pick(UNICODE_TEXT))}?=` : this.encodedWords();
      case 1: return `=?windows-1252?Q?${plain.replace(/ /g, '_').replace(/[^\w]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}?=`;
      case 2: return `Re: ${plain}`;
      case 3: return `${plain}       ${this.int(100000)}`;
      case 4: return '';
      default: return plain;
    }
  }

  /** One or more encoded words in a charset mail uses, B or Q, sometimes broken or with raw 8-bit text beside them. */
  encodedWords(): string {
    const [label, [codec, text]] = this.pick(Object.entries(WRITABLE));
    const bytes = iconv.encode(text, codec).toString('latin1');
    const q = (b: string): string => b.replace(/[^A-Za-z0-9]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    const half = Math.floor(bytes.length / 2);
    switch (this.int(10)) {
      case 0: return `=?${label}?B?${b64(bytes)}?=`;
      case 1: return `=?${label}?Q?${q(bytes)}?=`;
      case 2: return `=?${label}?B?${b64(bytes.slice(0, half))}?= =?${label}?B?${b64(bytes.slice(half))}?=`;
      case 3: return `Re: ${bytes}`;
      case 4: return `=?${label}?B?${b64(bytes).slice(0, -2)}?= tail`;
      case 5: return `=?${label.toUpperCase()}?q?${q(bytes)}?= and =?utf-8?b?${b64(utf8(text))}?=`;
      case 6: return `"=?${label}?B?${b64(bytes)}?="`;
      case 7: return `=?${label}*en?Q?${q(bytes)}?=`;
      case 8: return `=?${label}?B?${b64(bytes)}?=${'=?utf-8?Q?_x?='.repeat(this.int(3))}`;
      default: return `=?${label}?Q?${q(bytes).replace(/=20/g, '_')}_?= =?${label}?B?!!notbase64!!?=`;
    }
  }

  date(): string {
    const d = new Date(Date.now() + this.pick([-1, -3, -30, -400, 0, 0, 0, 2, 30]) * 86400_000 * (0.5 + this.rnd()));
    const s = d.toUTCString().replace('GMT', this.pick(['+0000', '-0500', '+0200', 'GMT', '-0000', '+1400', '-1200', 'EST', 'PDT', '+0530', 'UT', 'Z']));
    if (this.chance(0.05)) return s.replace(/^\w+, /, '');
    if (this.chance(0.03)) return s.replace(/ (\d{4}) /, (_m, y: string) => ` ${y.slice(2)} `);
    return this.chance(0.05) ? this.pick(['Mon, 32 Foo 2021 99:99:99', '', '1 Jan 1970 00:00:00 +0000', 'Tue, 1 Jan 2030 00:00:00 +0000', 'yesterday']) : s;
  }

  /** Received headers, newest first, from a few MTAs' formats; internal and external addresses. */
  receivedChain(): string[] {
    const out: string[] = [];
    const n = this.int(5);
    for (let i = 0; i < n; i++) {
      const ip = this.pick([`198.51.100.${this.int(255)}`, `203.0.113.${this.int(255)}`, `10.0.0.${this.int(255)}`, `192.168.1.${this.int(255)}`,
        '127.0.0.1', `2001:db8::${this.int(999)}`, `${50 + this.int(150)}.${this.int(255)}.${this.int(255)}.${this.int(255)}`]);
      const helo = this.pick(['mail.example.com', 'localhost', 'unknown', ip, `[${ip}]`, 'PC-1234', 'smtp.gmail.com', 'dsl-1-2-3-4.dyn.example.net']);
      const by = this.pick(['mx.example.org', 'mail.example.net', 'smtp.example.com']);
      const id = Math.floor(this.rnd() * 1e10).toString(36).toUpperCase();
      const date = this.date();
      switch (this.int(12)) {
        case 5: out.push(`from ${helo} (${helo} [${ip}])\n\t(authenticated bits=0)\n\tby ${by} (8.15.2/8.15.2) with ESMTPSA id ${id}\n\t(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT); ${date}`); break;
        case 6: out.push(`by 2002:a05:6a10:${this.int(9999)}:0:0:0:0 with SMTP id ${id};\n        ${date}`); break;
        case 7: out.push(`from ${helo} (${ip}) by ${by} with SMTP; ${date}`); break;
        case 8: out.push(`from ${helo} (HELO ${helo}) (${ip})\n  by ${by} with ESMTP; ${date}`); break;
        case 9: out.push(`from ${by} ([127.0.0.1])\n\tby localhost (amavisd-new, port 10024) with ESMTP id ${id}\n\tfor <bob@example.org>; ${date}`); break;
        case 10: out.push(`from ${helo} (${this.pick(['unknown', helo])} [IPv6:${this.pick(['2001:db8::1', '::ffff:192.0.2.7', 'fe80::1'])}])\n\tby ${by} (Postfix) with ESMTPS id ${id}; ${date}`); break;
        case 0: out.push(`from ${helo} (${this.pick(['unknown', 'host.example.com'])} [${ip}])\n\tby ${by} (Postfix) with ESMTP${this.chance(0.3) ? 'SA' : ''} id ${id}\n\tfor <bob@example.org>; ${date}`); break;
        case 1: out.push(`from [${ip}] (helo=${helo})\n\tby ${by} with esmtp (Exim 4.96)\n\t(envelope-from <x@example.com>)\n\tid 1q${id}; ${date}`); break;
        case 2: out.push(`from ${helo} (${helo} [${ip}])\n\tby ${by} (8.17.1/8.17.1) with ESMTP id ${id}\n\tfor <bob@example.org>; ${date}`); break;
        case 3: out.push(`(qmail ${this.int(99999)} invoked from network); ${date}`); break;
        case 11: out.push(`from ${helo} (${ip} [${ip}] (may be forged))\n\tby ${by} (8.12.11/8.12.11) with ESMTP id ${id}; ${date}`); break;
        default: out.push(`from ${helo} ([${ip}]) by ${by} with Microsoft SMTP Server id 15.1.2507.6; ${date}`);
      }
    }
    return out;
  }

  textBody(spammy: boolean): string {
    const lines: string[] = [];
    const n = 1 + this.int(12);
    for (let i = 0; i < n; i++) {
      let line = this.sentence(spammy);
      if (this.chance(0.3)) line += ` ${this.uri()}`;
      if (this.chance(0.05)) line = `> ${line}`;
      if (this.chance(0.03)) line = 'x'.repeat(200 + this.int(800));
      lines.push(line);
    }
    if (this.chance(0.1)) lines.push('To unsubscribe, reply with REMOVE in the subject.');
    return lines.join('\n');
  }

  htmlBody(spammy: boolean): string {
    const parts: string[] = [];
    if (this.chance(0.9)) parts.push(this.pick(['<html>', '<HTML>', '<!DOCTYPE html><html lang="en">']));
    if (this.chance(0.5)) parts.push(`<head><title>${this.sentence(spammy).slice(0, 40)}</title>${this.chance(0.4) ? '<style>p{color:#fff}</style>' : ''}</head>`);
    parts.push(this.pick(['<body>', '<body bgcolor="#ffffff">', '<BODY text=#000000>', '<body style="background:#000">']));
    const n = 1 + this.int(10);
    for (let i = 0; i < n; i++) {
      const t = this.sentence(spammy).replace(/\n/g, '<br>');
      switch (this.int(26)) {
        case 14: parts.push(`<meta http-equiv="refresh" content="0;url=${this.uri()}">`); break;
        case 15: parts.push(`<span style="${this.pick(['visibility:hidden', 'opacity:0', 'font-size:1px', 'color:#fff;background:#fff', 'display: none !important', 'height:0;overflow:hidden'])}">${t}</span>`); break;
        case 16: parts.push(`<font color="${this.pick(['#FFFFFF', 'white', '#fffffe', '#000000', 'red'])}">${t}</font>`); break;
        case 17: parts.push(`<marquee>${t}</marquee><blink>${t}</blink><center>${t}</center>`); break;
        case 18: parts.push(`<!-- unclosed comment ${t}`); break;
        case 19: parts.push(`<![CDATA[${t}]]><?xml version="1.0"?>`); break;
        case 20: parts.push(`&#x202E;${t}&#8203;&#xFEFF;&#99999999;&#0;&#x110000;&bogus;`); break;
        case 21: parts.push(`<a href="${this.uri()}" title="${t}">${this.sentence(spammy)}</a><area href="${this.uri()}"><link href="${this.uri()}">`); break;
        case 22: parts.push(`<img src="cid:image001.png@01D00000"><img src="${this.uri()}" width=1 height=1><object data="${this.uri()}"></object><embed src="${this.uri()}">`); break;
        case 23: parts.push(`<div style="background:url(${this.uri()})">${t}</div>`); break;
        case 24: parts.push(`<table bgcolor="#ffffff"><tr><td><font color="#ffffff">${t}</font></td></tr></table>`); break;
        case 25: parts.push(`<p>${'V'.repeat(this.int(3) + 1)}-I-A-G-R-A v.i.a.g.r.a ${t.split(' ').join('&nbsp;')}</p>`); break;
        case 0: parts.push(`<p>${t}</p>`); break;
        case 1: parts.push(`<a href="${this.uri()}">${this.chance(0.5) ? this.uri() : t}</a>`); break;
        case 2: parts.push(`<font color="#ffffff" size="1">${t}</font>`); break;
        case 3: parts.push(`<div style="display:none">${t}</div>`); break;
        case 4: parts.push(`<img src="${this.uri()}" width="${this.int(600)}" height="${this.int(400)}"${this.chance(0.5) ? ' alt="x"' : ''}>`); break;
        case 5: parts.push(`<table><tr><td>${t}</td></tr></table>`); break;
        case 6: parts.push(`<form action="${this.uri()}"><input type="password" name="p"></form>`); break;
        case 7: parts.push(`${t.split('').join('<!-- x -->')}`); break;
        case 8: parts.push(`&#86;&#105;&#97;&#103;&#114;&#97; &nbsp; &amp; &copy; &#x41;${t}`); break;
        case 9: parts.push(`<script>document.write("${t}")</script>`); break;
        case 10: parts.push(`<iframe src="${this.uri()}"></iframe>`); break;
        case 11: parts.push(`<b><i><u>${t}</b></i>`); break;
        case 12: parts.push(`<base href="${this.uri()}"><a href="/x">${t}</a>`); break;
        default: parts.push(`<font face="Arial"><span style="font-size:0px">${t}</span></font>`);
      }
    }
    parts.push(this.chance(0.8) ? '</body></html>' : '');
    return parts.join(this.chance(0.5) ? '\n' : '');
  }

  /** A part's encoded body and the Content-Transfer-Encoding it claims. */
  encode(body: string): { cte: string | undefined; text: string } {
    switch (this.int(7)) {
      case 0: {
        const b = b64(body).replace(/.{76}/g, '$&\n');
        return { cte: this.pick(['base64', 'BASE64', 'Base64']), text: this.chance(0.05) ? `${b}==garbage!` : b };
      }
      case 1: {
        const qp = body.replace(/[=\x80-\xff]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
          .replace(/[^\n]{72}/g, '$&=\n');
        return { cte: 'quoted-printable', text: this.chance(0.05) ? `${qp}=ZZ=\n=4` : qp };
      }
      case 2: return { cte: '8bit', text: body };
      case 3: return { cte: undefined, text: body };
      case 4: return { cte: 'x-uuencode', text: body };
      default: return { cte: '7bit', text: body };
    }
  }

  /** One leaf part: headers and body. */
  leaf(spammy: boolean): string {
    const kind = this.int(10);
    if (kind < 4) return this.textPart('text/plain', this.textBody(spammy));
    if (kind < 7) return this.textPart('text/html', this.htmlBody(spammy));
    if (kind === 7) {
      if (this.chance(0.5)) return this.imagePart();
      const name = this.pick(['invoice.pdf', 'photo.jpg', 'document.zip', 'readme.exe', 'setup.scr', 'report.doc', 'image001.gif', '=?UTF-8?B?w6Rib2I=?=.pdf']);
      const type = this.pick(['application/octet-stream', 'application/pdf', 'image/jpeg', 'application/zip', 'image/gif', 'application/msword']);
      const data = Buffer.from(Array.from({ length: 30 + this.int(600) }, () => this.int(256))).toString('base64').replace(/.{76}/g, '$&\n');
      // Names also in RFC 2231 form (charset, continuations), which SpamAssassin's parse_content_type joins.
      const names = this.chance(0.7) ? `name="${name}"` : this.pick([`name*=utf-8''${encodeURIComponent(name)}`, `name*0="inv"; name*1="oice.exe"`, `name*0*=utf-8''%C3%A4b; name*1="c.pdf"`]);
      return `Content-Type: ${type}; ${names}\nContent-Transfer-Encoding: base64\nContent-Disposition: ${this.pick(['attachment', 'inline'])}; filename="${name}"\n\n${data}\n`;
    }
    if (kind === 8) {
      if (this.chance(0.5)) return `Content-Type: message/rfc822\n\n${this.message(spammy, 1)}`;
      // Parts whose type says one thing and whose name or shape another.
      return this.pick([
        `Content-Type: application/octet-stream; name="offer.html"\n\n${this.htmlBody(spammy)}\n`,
        `Content-Type: text/plain; name="page.htm"\n\n${this.htmlBody(spammy)}\n`,
        `Content-Type: text\n\n${this.textBody(spammy)}\n`,
        `Content-Type: multipart/mixed\n\n${this.textBody(spammy)}\n`,
        `Content-Disposition: attachment; filename="x.txt"\n\n${this.textBody(spammy)}\n`,
      ]);
    }
    return this.textPart('text/calendar', 'BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR');
  }

  /** A GIF, PNG or JPEG whose header gives its size (what ImageInfo reads), inline or attached, sometimes mislabelled. */
  imagePart(): string {
    const w = 1 + this.int(this.chance(0.3) ? 20 : 1200);
    const h = 1 + this.int(this.chance(0.3) ? 20 : 900);
    const filler = Array.from({ length: 20 + this.int(300) }, () => this.int(256));
    const kind = this.pick(['gif', 'png', 'jpeg'] as const);
    let bytes: number[];
    if (kind === 'gif') bytes = [...Buffer.from('GIF89a'), w & 255, w >> 8, h & 255, h >> 8, 0xf7, 0, 0, ...filler];
    else if (kind === 'png') {
      bytes = [0x89, ...Buffer.from('PNG\r\n\x1a\n', 'latin1'), 0, 0, 0, 13, ...Buffer.from('IHDR'),
        (w >>> 24) & 255, (w >>> 16) & 255, (w >>> 8) & 255, w & 255, (h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255, 8, 6, 0, 0, 0, ...filler];
    } else bytes = [0xff, 0xd8, 0xff, 0xe0, 0, 16, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xc0, 0, 17, 8, h >> 8, h & 255, w >> 8, w & 255, 3, ...filler];
    const type = this.chance(0.85) ? `image/${kind}` : this.pick(['application/octet-stream', 'image/jpg', 'image/png']);
    const name = `image${this.int(100)}.${this.chance(0.9) ? kind.replace('jpeg', 'jpg') : 'dat'}`;
    const data = Buffer.from(bytes).toString('base64').replace(/.{76}/g, '$&\n');
    const id = this.chance(0.5) ? `Content-ID: <${name}@01D00000>\n` : '';
    return `Content-Type: ${type}; name="${name}"\nContent-Transfer-Encoding: base64\n${id}Content-Disposition: ${this.pick(['attachment', 'inline'])}; filename="${name}"\n\n${data}\n`;
  }

  textPart(type: string, body: string): string {
    const declared = this.chance(0.8) ? this.pick(CHARSETS) : undefined;
    const writable = declared === undefined ? undefined : WRITABLE[declared];
    // Most of the time the bytes are what the label says; sometimes another charset's, or damaged.
    if (writable && this.chance(0.7)) {
      let text = iconv.encode(writable[1], writable[0]).toString('latin1');
      if (this.chance(0.2)) text = text.slice(0, Math.floor(this.rnd() * text.length));
      body = this.chance(0.5) ? `${body}\n${text}` : text;
    }
    const { cte, text } = this.encode(body);
    const charset = (declared === undefined ? '' : `; charset=${this.chance(0.5) ? `"${declared}"` : declared}`) +
      (type === 'text/plain' && this.chance(0.1) ? `; format=flowed${this.chance(0.5) ? '; delsp=yes' : ''}` : '');
    return `Content-Type: ${type}${charset}\n${cte ? `Content-Transfer-Encoding: ${cte}\n` : ''}\n${text}\n`;
  }

  /** A multipart (or a leaf at the bottom), sometimes with a missing or wrong closing boundary. */
  entity(spammy: boolean, depth: number): string {
    if (depth > 2 || this.chance(0.4)) return this.leaf(spammy);
    const sub = this.pick(['alternative', 'mixed', 'related', 'mixed', 'ALTERNATIVE', 'signed', 'report']);
    const boundary = this.pick([`----=_NextPart_${this.int(1e6)}`, `b${this.int(1000)}`, `"=_${this.int(1e6)}"`, `---- odd boundary ${this.int(99)}`]);
    const bare = boundary.replace(/^"|"$/g, '');
    const quoted = /[ =]/.test(boundary) && !boundary.startsWith('"') ? `"${boundary}"` : boundary;
    const parts: string[] = [];
    const n = sub.toLowerCase() === 'alternative' ? 2 : 1 + this.int(3);
    for (let i = 0; i < n; i++) {
      parts.push(sub.toLowerCase() === 'alternative' ? (i === 0 ? this.textPart('text/plain', this.textBody(spammy)) : this.textPart('text/html', this.htmlBody(spammy))) : this.entity(spammy, depth + 1));
    }
    const preamble = this.chance(0.5) ? 'This is a multi-part message in MIME format.\n' : '';
    const close = this.chance(0.9) ? `--${bare}--\n` : '';
    return `Content-Type: multipart/${sub}; boundary=${quoted}\n\n${preamble}${parts.map((p) => `--${bare}\n${p}`).join('\n')}\n${close}${this.chance(0.2) ? 'epilogue text\n' : ''}`;
  }

  /** A whole message; `depth` > 0 for an attached one. */
  message(spammy: boolean, depth = 0): string {
    const h: string[] = [];
    if (depth === 0) for (const r of this.receivedChain()) h.push(`Received: ${r}`);
    if (this.chance(0.3)) h.push(`Return-Path: <${this.pick(['', 'bounce@example.com', 'x@example.net'])}>`);
    if (this.chance(0.95)) h.push(`From: ${this.mailbox()}`);
    if (this.chance(0.9)) h.push(`To: ${this.chance(0.8) ? this.mailbox() : 'undisclosed-recipients:;'}${this.chance(0.2) ? `, ${this.mailbox()}` : ''}`);
    if (this.chance(0.15)) h.push(`Cc: ${this.mailbox()}`);
    if (this.chance(0.9)) h.push(`Subject: ${this.subject(spammy)}`);
    if (this.chance(0.9)) h.push(`Date: ${this.date()}`);
    if (this.chance(0.85)) h.push(`Message-ID: ${this.pick([`<${this.int(1e9)}.${this.int(1e6)}@${this.host()}>`, `<${this.int(1e9)}@localhost>`, 'no-angle@example.com',
      `<${this.int(1e12).toString(16).toUpperCase()}$${this.int(1e6)}@example.com>`, `<${this.int(1e6)}.${this.int(1e4)}@>`, '<>', `<${'a'.repeat(80)}@example.com>`,
      `<CA+${b64(String(this.int(1e9))).replace(/=/g, '')}@mail.gmail.com>`, `<000001c${this.int(1e6).toString(16)}$${this.int(1e6).toString(16)}$0100007f@x>`,
      `<${this.int(1e9)}.JavaMail.root@${this.host()}>`])}`);
    const mailer = this.pick(MAILERS);
    if (mailer) h.push(`${this.chance(0.8) ? 'X-Mailer' : 'User-Agent'}: ${mailer}`);
    if (this.chance(0.2)) h.push(`Reply-To: ${this.mailbox()}`);
    if (this.chance(0.15)) h.push(`List-Unsubscribe: <${this.uri()}>`);
    if (this.chance(0.1)) h.push(`X-Priority: ${this.pick(['1 (Highest)', '3', '5'])}`);
    if (this.chance(0.08)) h.push(`X-MSMail-Priority: ${this.pick(['High', 'Normal'])}`, `X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2800.1106`);
    if (this.chance(0.05)) h.push(`Thread-Index: ${b64(String(this.int(1e12)))}`);
    if (this.chance(0.05)) h.push(`To: ${Array.from({ length: 3 + this.int(20) }, (_v, i) => `user${i}@${this.host()}`).join(', ')}`);
    if (this.chance(0.05)) h.push(`Bcc: ${this.mailbox()}`);
    if (this.chance(0.04)) h.push(`Errors-To: ${this.mailbox()}`, `X-Mailer-Version: ${this.int(10)}.${this.int(10)}`);
    if (this.chance(0.1)) h.push('Precedence: bulk');
    if (this.chance(0.1)) h.push(`Authentication-Results: mx.example.org; spf=${this.pick(['pass', 'fail', 'softfail'])} smtp.mailfrom=example.com; dkim=${this.pick(['pass', 'none'])} header.d=example.com`);
    if (this.chance(0.05)) h.push(`X-Spam-Status: ${this.pick(['Yes', 'No'])}, score=${this.int(20)}.0`);
    if (this.chance(0.85)) h.push(`MIME-Version: ${this.pick(['1.0', '1.0 (produced by x)', '1.1'])}`);
    // Odd header lines: raw 8-bit text, a repeated field, no space after the colon, a folded long line, no colon at all.
    if (this.chance(0.08)) h.push(`Subject: ${this.pick(UNICODE_TEXT)} ${this.chance(0.5) ? '\xe9t\xe9 \xa0' : ''}`);
    if (this.chance(0.05)) h.push(`X-Originating-IP: [${this.int(223) + 1}.${this.int(255)}.${this.int(255)}.${this.int(255)}]`);
    if (this.chance(0.05)) h.push(`Delivered-To: bob@example.org`);
    if (this.chance(0.05)) h.push(`X-Note:${this.sentence(spammy).replace(/\n/g, ' ')}`);
    if (this.chance(0.05)) h.push(`X-Long: ${Array.from({ length: 40 }, () => this.pick(['alpha', 'beta', 'gamma', 'delta'])).join(' ')}`.replace(/(.{70}) /g, '$1\n\t'));
    if (this.chance(0.03)) h.push('this line has no colon');
    if (this.chance(0.05)) h.push(`Sender: ${this.mailbox()}`);
    if (this.chance(0.06)) h.push(`Received-SPF: ${this.pick(['pass', 'fail', 'softfail', 'neutral', 'none'])} (mx.example.org: domain of x@${this.host()} designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1;`);
    if (this.chance(0.04)) h.push(`X-Spam-Flag: YES`, `X-Spam-Level: ***`);
    if (this.chance(0.1)) h.push(`DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${this.host()}; s=s1; h=from:to:subject;\n\tbh=${b64(String(this.int(1e9)))}; b=${b64(String(this.int(1e12))).repeat(4)}`);
    if (this.chance(0.1)) h.push(`List-Id: <news.${this.host()}>`);
    if (this.chance(0.05)) h.push(`X-Mailing-List: news@${this.host()}`);
    const body = this.entity(spammy, 0);
    return `${h.join('\n')}\n${body}`;
  }
}

/** `count` messages from `seed`, half of them written to look like spam; CRLF line ends for a tenth. */
export function syntheticMessages(count: number, seed: number): { id: string; group: string; isSpam: boolean; raw: Buffer }[] {
  const g = new SyntheticMail(seededRandom(seed));
  const out = [];
  for (let i = 0; i < count; i++) {
    const spammy = g.chance(0.5);
    let text = g.message(spammy);
    // Now and then an mbox separator line first, or no body at all.
    if (g.chance(0.03)) text = `From bounce@example.com  Sat Nov 28 12:00:00 2026\n${text}`;
    if (g.chance(0.02)) text = text.split('\n\n')[0] ?? text;
    if (g.chance(0.1)) text = text.replace(/\n/g, '\r\n');
    out.push({ id: `synthetic-${seed}/${i}`, group: 'synthetic', isSpam: spammy, raw: Buffer.from(text, 'latin1') });
  }
  return out;
}
