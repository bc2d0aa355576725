/**
 * One small Internet for the network tests: rbldnsd with blocklists, nsd
 * with the senders' SPF, DKIM and DMARC records, unbound as the resolver
 * both scanners use, fixture messages (DKIM-signed in the test with a key
 * made in the test), and the configuration lines that point Spamward and
 * SpamAssassin at it. Stock rule names are re-pointed at the local zones.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { type DnsPeer, startNsd, startRbldnsd, startUnbound } from './dns-peers.js';

export const LISTED_IP = '45.67.89.10';
export const EXPLOITED_IP = '45.67.89.11';
export const CLEAN_IP = '98.76.54.32';
/** The bytes of an attachment check_hashbl_attachments finds listed. */
const ATTACHMENT = 'evil payload bytes\n';
export const SENDER_IP = '11.22.33.44';
/** A well-formed (made-up) bitcoin address for the HashBL rules. */
const BTC = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';

export interface NetWorld {
  /** The resolver's port (dns_server 127.0.0.1:PORT). */
  dnsPort: number;
  /** Configuration lines for both scanners. */
  cf: string[];
  messages: Record<string, Buffer>;
  stop(): Promise<void>;
}

/** Rules re-pointed at the local zones (stock names where a stock rule exists) plus a few of our own. */
function fixtureRules(port: number): string[] {
  return [
    `dns_server 127.0.0.1:${port}`,
    'dns_available yes',
    'rbl_timeout 5 1',
    'trusted_networks 10.0.0.0/8',
    'internal_networks 10.0.0.0/8',
    'use_bayes 0',
    'bayes_auto_learn 0',
    // Pyzor and Razor would ask their public servers: net-pyzor-razor.test.ts covers them on loopback.
    'use_pyzor 0',
    'use_razor2 0',
    "header __RCVD_IN_ZEN eval:check_rbl('zen', 'zen.dnsbl.test.')",
    "header RCVD_IN_XBL eval:check_rbl('zen-lastexternal', 'zen.dnsbl.test.', '^127\\.0\\.0\\.[4567]$')",
    "header RCVD_IN_PBL eval:check_rbl('zen-lastexternal', 'zen.dnsbl.test.', '^127\\.0\\.0\\.1[01]$')",
    "header SW_RBL_TXT eval:check_rbl_txt('swtxt', 'zen.dnsbl.test.')",
    'tflags SW_RBL_TXT net',
    'score SW_RBL_TXT 0.5',
    "header SW_RBL_MASK eval:check_rbl('swmask-firsttrusted', 'zen.dnsbl.test.', '4')",
    'tflags SW_RBL_MASK net',
    'score SW_RBL_MASK 0.25',
    "header SW_RBL_ENVFROM eval:check_rbl_envfrom('swenv', 'dbl.uribl.test.')",
    'tflags SW_RBL_ENVFROM net',
    'score SW_RBL_ENVFROM 0.75',
    // The envelope sender's zone's primary name server (its SOA, for a name without NS records of its own).
    "header SW_RBL_NSFROM eval:check_rbl_ns_from('swnsfrom', 'dbl.uribl.test.')",
    'tflags SW_RBL_NSFROM net',
    'score SW_RBL_NSFROM 0.15',
    "header SW_RBL_RCVD eval:check_rbl_rcvd('swrcvd', 'dbl.uribl.test.')",
    'tflags SW_RBL_RCVD net',
    'score SW_RBL_RCVD 0.1',
    "header SW_RBL_HDR eval:check_rbl_headers('swhdr', 'dbl.uribl.test.', '', 'From')",
    'tflags SW_RBL_HDR net',
    'score SW_RBL_HDR 0.1',
    "body SW_HASHBL_RAW eval:check_hashbl_bodyre('hashbl.dnsbl.test', 'raw/max=10', '\\b([13][a-km-zA-HJ-NP-Z1-9]{25,34})\\b')",
    'tflags SW_HASHBL_RAW net',
    'score SW_HASHBL_RAW 0.2',
    "body SW_HASHBL_SHA1 eval:check_hashbl_bodyre('hashbl.dnsbl.test', 'sha1', '\\b(wallet-[0-9]+)\\b')",
    'tflags SW_HASHBL_SHA1 net',
    'score SW_HASHBL_SHA1 0.2',
    "header SW_HASHBL_URI eval:check_hashbl_uris('hashbl.dnsbl.test')",
    'tflags SW_HASHBL_URI net',
    'score SW_HASHBL_URI 0.3',
    "header SW_HASHBL_EMAIL eval:check_hashbl_emails('hashbl.dnsbl.test')",
    'tflags SW_HASHBL_EMAIL net',
    'score SW_HASHBL_EMAIL 0.4',
    // The default sources and noquote: SpamAssassin reads a source's addresses once per message, with the options of
    // whichever rule (in Perl's hash order) reads it first, so rules reading one source with other nouri/noquote would flap.
    "header SW_HASHBL_EMAIL_HOST eval:check_hashbl_emails('hashbl.dnsbl.test', 'sha1/host/noquote')",
    'tflags SW_HASHBL_EMAIL_HOST net',
    'score SW_HASHBL_EMAIL_HOST 0.1',
    "body SW_HASHBL_ATTACH eval:check_hashbl_attachments('hashbl.dnsbl.test')",
    'tflags SW_HASHBL_ATTACH net',
    'score SW_HASHBL_ATTACH 0.1',
    "header SW_HASHBL_TAG_IP eval:check_hashbl_tag('hashbl.dnsbl.test', 'sha1/ipv4/revip', 'LASTEXTERNALIP')",
    'tflags SW_HASHBL_TAG_IP net',
    'score SW_HASHBL_TAG_IP 0.1',
    "header SW_HASHBL_TAG_DKIM eval:check_hashbl_tag('hashbl.dnsbl.test', 'sha1/trim', '_DKIMDOMAIN_')",
    'tflags SW_HASHBL_TAG_DKIM net',
    'score SW_HASHBL_TAG_DKIM 0.1',
    'urirhssub URIBL_BLACK multi.uribl.test. A 2',
    'urirhssub URIBL_GREY multi.uribl.test. A 4',
    'uridnssub URIBL_SBL zen.dnsbl.test. A 127.0.0.2',
    'urirhssub URIBL_DBL_SPAM dbl.uribl.test. A 127.0.1.2',
    'uridnsbl_skip_domain skipped-uri-site.com',
    // An address list with tflags a: the host's and its name servers' addresses are looked up.
    'uridnssub SW_URI_NSIP zen.dnsbl.test. A 127.0.0.2',
    "body SW_URI_NSIP eval:check_uridnsbl('SW_URI_NSIP')",
    'tflags SW_URI_NSIP net a',
    'score SW_URI_NSIP 0.2',
    'askdns SW_ASK_SPF _SENDERDOMAIN_ TXT /^v=spf1 .*-all$/',
    'tflags SW_ASK_SPF net',
    'score SW_ASK_SPF 0.3',
    'askdns SW_ASK_DKIMWL _DKIMDOMAIN_.dkimwl.dnsbl.test A 127.0.0.2',
    'tflags SW_ASK_DKIMWL net',
    'score SW_ASK_DKIMWL 0.3',
    'askdns SW_ASK_NX _AUTHORDOMAIN_.multi.uribl.test A [NXDOMAIN]',
    'tflags SW_ASK_NX net',
    'score SW_ASK_NX 0.01',
    'urirhsbl SW_URI_ANY multi.uribl.test. A',
    "body SW_URI_ANY eval:check_uridnsbl('SW_URI_ANY')",
    'tflags SW_URI_ANY net',
    'score SW_URI_ANY 0.1',
  ];
}

interface MessageSpec {
  domain: string;
  ip: string;
  helo: string;
  body: string;
  /** A second, older untrusted hop. */
  origin?: string;
}

function message(m: MessageSpec): string {
  const lines = [
    `Return-Path: <alice@${m.domain}>`,
    `Received: from ${m.helo} (${m.helo} [${m.ip}]) by mx.sw-local.test (Postfix) with ESMTP id 4F2A1B3C4D; Thu, 26 Nov 2026 02:00:00 +0000 (UTC)`,
  ];
  if (m.origin) lines.push(`Received: from client.${m.domain} (client.${m.domain} [${m.origin}]) by ${m.helo} (Postfix) with ESMTP id 5A1B2C3D4E; Thu, 26 Nov 2026 01:59:30 +0000 (UTC)`);
  lines.push(
    `From: Alice <alice@${m.domain}>`,
    'To: bob@sw-local.test',
    `Subject: fixture from ${m.domain}`,
    'Date: Thu, 26 Nov 2026 01:59:00 +0000',
    `Message-ID: <fixture.${m.ip}@${m.domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    m.body,
    '',
  );
  return lines.join('\r\n');
}

async function signed(text: string, domain: string, privateKey: string): Promise<string> {
  const sig = { canonicalization: 'relaxed/relaxed', algorithm: 'rsa-sha256', signTime: new Date('2026-11-26T01:59:00Z'), signingDomain: domain, selector: 'sel', privateKey };
  // mailauth reads the signatures to make from signatureData; the top-level fields only satisfy its typings.
  const res = await dkimSign(text, { ...sig, signatureData: [sig] });
  if (res.errors.length > 0 || !res.signatures.startsWith('DKIM-Signature:')) throw new Error(`DKIM signing failed: ${JSON.stringify(res.errors)}`);
  return res.signatures + text;
}

async function buildMessages(privateKey: string): Promise<Record<string, Buffer>> {
  const plain = 'Hello Bob,\r\nthe minutes are attached to the calendar entry.\r\nAlice';
  const pass = message({ domain: 'sw-pass.org', ip: SENDER_IP, helo: 'mx.sw-pass.org', body: plain });
  const signedPass = await signed(pass, 'sw-pass.org', privateKey);
  const broken = (await signed(message({ domain: 'sw-fail.org', ip: SENDER_IP, helo: 'mx.sw-fail.org', body: plain }), 'sw-fail.org', privateKey)).replace('minutes', 'MINUTES');
  // Our inbound MX (internal) recorded SPF pass; DNS would say fail: SpamAssassin believes the header.
  const recordedSpf = [
    'Return-Path: <alice@sw-fail.org>',
    'Received: from mx-in.sw-local.test (mx-in.sw-local.test [10.1.1.1]) by mail.sw-local.test (Postfix) with ESMTP id 6B1C2D3E4F; Thu, 26 Nov 2026 02:00:05 +0000 (UTC)',
    'Received-SPF: pass (mx-in.sw-local.test: domain of alice@sw-fail.org designates 98.76.54.32 as permitted sender) identity=mailfrom; client-ip=98.76.54.32; helo=host.sw-fail.org; envelope-from=alice@sw-fail.org',
    `Received: from host.sw-fail.org (host.sw-fail.org [${CLEAN_IP}]) by mx-in.sw-local.test (Postfix) with ESMTP id 4F2A1B3C4D; Thu, 26 Nov 2026 02:00:00 +0000 (UTC)`,
    ...message({ domain: 'sw-fail.org', ip: CLEAN_IP, helo: 'host.sw-fail.org', body: plain }).split('\r\n').slice(2),
  ].join('\r\n');
  const out: Record<string, string> = {
    'received-spf': recordedSpf,
    'listed-relay': message({ domain: 'sw-nospf.org', ip: LISTED_IP, helo: 'host.sw-nospf.org', body: plain }),
    'two-hops': message({ domain: 'sw-nospf.org', ip: CLEAN_IP, helo: 'relay.sw-nospf.org', body: plain, origin: EXPLOITED_IP }),
    'clean-relay': message({ domain: 'sw-nospf.org', ip: CLEAN_IP, helo: 'host.sw-nospf.org', body: plain }),
    'listed-uris': message({
      domain: 'sw-neutral.org', ip: CLEAN_IP, helo: 'host.sw-neutral.org',
      body: 'See http://www.bad-uri-site.com/offer and http://grey-uri-site.net/x and http://clean-uri-site.org/\r\n' +
        'and http://ns-listed-site.org/ and http://skipped-uri-site.com/ and http://deep.dbl-listed-site.com/path',
    }),
    'spf-pass-dkim-valid': signedPass,
    'spf-softfail': message({ domain: 'sw-soft.org', ip: SENDER_IP, helo: 'mx.sw-soft.org', body: plain }),
    'spf-neutral': message({ domain: 'sw-neutral.org', ip: SENDER_IP, helo: 'mx.sw-neutral.org', body: plain }),
    'spf-none': message({ domain: 'sw-nospf.org', ip: SENDER_IP, helo: 'mx.sw-nospf.org', body: plain }),
    'spf-fail-dkim-broken': broken,
    hashbl: message({
      domain: 'sw-nospf.org', ip: CLEAN_IP, helo: 'host.sw-nospf.org',
      body: `Send to ${BTC} today,\r\nreference wallet-12345, pay at http://Wallet-Pay.com/Pay?id=7.\r\nWrite to Listed.User+promo@Spam-Domain.com today.`,
    }),
    // Addresses HashBL leaves alone by default: a welcomelisted mailbox, and one in <> (noquote).
    'hashbl-welcomelisted-email': message({ domain: 'sw-nospf.org', ip: CLEAN_IP, helo: 'host.sw-nospf.org', body: 'Write to abuse@spam-domain.com about it.' }),
    // A listed attachment (its decoded bytes hashed), beside a text part hashbl_ignore's type list would skip.
    'hashbl-attachment': message({ domain: 'sw-nospf.org', ip: CLEAN_IP, helo: 'host.sw-nospf.org', body: '' })
      .replace('Content-Type: text/plain; charset=us-ascii', 'Content-Type: multipart/mixed; boundary="b1"')
      .replace(/\r\n\r\n\r\n$/, `\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nSee the file.\r\n--b1\r\nContent-Type: application/octet-stream; name="payload.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(ATTACHMENT).toString('base64')}\r\n--b1--\r\n`),
    'hashbl-quoted-email': message({ domain: 'sw-nospf.org', ip: CLEAN_IP, helo: 'host.sw-nospf.org', body: 'Reply to <listed.user@spam-domain.com> please.' }),
    // A listed link whose host is in uridnsbl_skip_domain: not looked up.
    'hashbl-skipped-uri': message({ domain: 'sw-nospf.org', ip: CLEAN_IP, helo: 'host.sw-nospf.org', body: 'Pay at http://skipped-uri-site.com/Pay' }),
    'adsp-discardable': message({ domain: 'sw-adsp.org', ip: CLEAN_IP, helo: 'host.sw-adsp.org', body: plain }),
    'adsp-all': message({ domain: 'sw-adspall.org', ip: CLEAN_IP, helo: 'host.sw-adspall.org', body: plain }),
    'adsp-nxdomain': message({ domain: 'ghost.sw-nospf.org', ip: CLEAN_IP, helo: 'host.sw-nospf.org', body: plain }),
    'adsp-override': message({ domain: 'ebay.com', ip: CLEAN_IP, helo: 'host.sw-nospf.org', body: plain }),
    'listed-envfrom': message({ domain: 'dbl-listed-site.com', ip: CLEAN_IP, helo: 'host.dbl-listed-site.com', body: plain }),
    // A sender in a name the zone has no NS records for: the NS question's answer names the zone's primary server.
    'ns-from-subdomain': message({ domain: 'mail.sw-nospf.org', ip: CLEAN_IP, helo: 'host.sw-nospf.org', body: plain }),
  };
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Buffer.from(v, 'latin1')]));
}

export async function startNetWorld(): Promise<NetWorld> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const peers: DnsPeer[] = [];
  try {
    const rbl = await startRbldnsd([
      { name: 'zen.dnsbl.test', type: 'ip4set', lines: [':127.0.0.2:Listed for the tests', LISTED_IP, `${EXPLOITED_IP} :127.0.0.4:Exploited host`] },
      { name: 'multi.uribl.test', type: 'dnset', lines: [':127.0.0.2:URI listed', 'bad-uri-site.com', 'skipped-uri-site.com', 'grey-uri-site.net :127.0.0.4:Grey'] },
      { name: 'dbl.uribl.test', type: 'dnset', lines: [':127.0.1.2:Spam domain', 'deep.dbl-listed-site.com', 'dbl-listed-site.com', 'host.dbl-listed-site.com', 'ns.sw-nospf.org'] },
      { name: 'dkimwl.dnsbl.test', type: 'dnset', lines: [':127.0.0.2:Vouched', 'sw-pass.org'] },
      {
        name: 'hashbl.dnsbl.test',
        type: 'dnset',
        lines: [':127.0.0.2:Listed hash', BTC.toLowerCase(), ...['wallet-12345', 'http://wallet-pay.com/pay?id=7', 'http://skipped-uri-site.com/pay', 'listed.user@spam-domain.com', 'abuse@spam-domain.com', 'spam-domain.com', SENDER_IP.split('.').reverse().join('.'), 'sw-pass.org', ATTACHMENT].map((v) => createHash('sha1').update(v).digest('hex'))],
      },
    ]);
    peers.push(rbl);
    const spf = (allow: string, all: string) => `"v=spf1 ip4:${allow} ${all}"`;
    const auth = [
      { name: 'sw-pass.org', records: [`@ TXT ${spf(SENDER_IP, '-all')}`, `mx TXT ${spf(SENDER_IP, '-all')}`, '_dmarc TXT "v=DMARC1; p=reject"', `sel._domainkey TXT "v=DKIM1; k=rsa; p=${p}"`] },
      { name: 'sw-fail.org', records: [`@ TXT ${spf('11.22.33.99', '-all')}`, `mx TXT ${spf('11.22.33.99', '-all')}`, '_dmarc TXT "v=DMARC1; p=reject"', `sel._domainkey TXT "v=DKIM1; k=rsa; p=${p}"`] },
      { name: 'sw-soft.org', records: [`@ TXT ${spf('11.22.33.99', '~all')}`, `mx TXT ${spf('11.22.33.99', '~all')}`, '_dmarc TXT "v=DMARC1; p=quarantine"'] },
      { name: 'sw-neutral.org', records: [`@ TXT ${spf('11.22.33.99', '?all')}`, '_dmarc TXT "v=DMARC1; p=none"'] },
      { name: 'sw-nospf.org', records: ['host A 45.67.89.10'] },
      { name: 'sw-adsp.org', records: ['@ MX 10 mx.sw-adsp.org.', '_adsp._domainkey TXT "dkim=discardable"'] },
      { name: 'sw-adspall.org', records: ['@ MX 10 mx.sw-adspall.org.', '_adsp._domainkey TXT "dkim=all"'] },
      { name: 'ns-listed-site.org', records: ['@ A 45.67.89.20'], nsAddress: LISTED_IP },
      { name: 'dbl-listed-site.com', records: ['@ A 45.67.89.21'] },
    ];
    const nsd = await startNsd(auth);
    peers.push(nsd);
    const stubs = [
      ...['zen.dnsbl.test', 'multi.uribl.test', 'dbl.uribl.test', 'dkimwl.dnsbl.test', 'hashbl.dnsbl.test'].map((zone) => ({ zone, port: rbl.port })),
      ...auth.map((z) => ({ zone: z.name, port: nsd.port })),
    ];
    const unbound = await startUnbound(stubs);
    peers.push(unbound);
    return {
      dnsPort: unbound.port,
      cf: fixtureRules(unbound.port),
      messages: await buildMessages(pem),
      stop: async () => {
        for (const peer of peers.reverse()) await peer.stop();
      },
    };
  } catch (err) {
    for (const peer of peers.reverse()) await peer.stop();
    throw err;
  }
}
