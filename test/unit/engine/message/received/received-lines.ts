/**
 * Self-written Received lines, one or more per MTA format family, with the
 * relay string SpamAssassin 4.0.1 gives each when it is the only Received
 * header and trust is inferred (checked against the installed SpamAssassin;
 * sa-interop.test.ts re-checks them at test time). `expect` is the relay
 * string, or `skipped`, `unparseable`, `fetcher` (skipped mail-fetcher hop).
 */
export interface ReceivedCase {
  name: string;
  line: string;
  expect: string;
}

export const RECEIVED_CASES: readonly ReceivedCase[] = [
  {
    name: 'sendmail',
    line: "from helo.example.net (mail.example.net [198.51.100.7]) by mx.example.org (8.14.4/8.14.4) with ESMTP id p1AAbbCC012345 for <u@example.org>; Mon, 3 Mar 2003 10:00:00 +0000",
    expect: "[ ip=198.51.100.7 rdns=mail.example.net helo=helo.example.net by=mx.example.org ident= envfrom= intl=0 id=p1AAbbCC012345 auth= msa=0 ]",
  },
  {
    name: 'sendmail with IDENT',
    line: "from relay.example.net (IDENT:qmailr@relay.example.net [198.51.100.8]) by mx.example.org (8.11.6/8.11.6) with SMTP id h1ABCDE12345",
    expect: "[ ip=198.51.100.8 rdns=relay.example.net helo=relay.example.net by=mx.example.org ident=qmailr envfrom= intl=0 id=h1ABCDE12345 auth= msa=0 ]",
  },
  {
    name: 'postfix',
    line: "from client.example.net (client.example.net [203.0.113.5]) by mx.example.org (Postfix) with ESMTP id 4ABCDEF123 for <u@example.org>; Tue, 4 Mar 2003 10:00:00 +0100 (CET)",
    expect: "[ ip=203.0.113.5 rdns=client.example.net helo=client.example.net by=mx.example.org ident= envfrom= intl=0 id=4ABCDEF123 auth= msa=0 ]",
  },
  {
    name: 'postfix, rDNS unknown',
    line: "from helo.example (unknown [203.0.113.9]) by mx.example.org (Postfix) with SMTP id 77AA1",
    expect: "[ ip=203.0.113.9 rdns= helo=helo.example by=mx.example.org ident= envfrom= intl=0 id=77AA1 auth= msa=0 ]",
  },
  {
    name: 'postfix SASL authenticated sender',
    line: "from laptop (dsl-1.example.net [198.51.100.20]) (Authenticated sender: joe) by smtp.example.org (Postfix) with ESMTP id 1234ABCD",
    expect: "[ ip=198.51.100.20 rdns=dsl-1.example.net helo=laptop by=smtp.example.org ident= envfrom= intl=1 id=1234ABCD auth=Postfix msa=0 ]",
  },
  {
    name: 'exim rdns [ip] helo=, envelope-from',
    line: "from host.example.net ([198.51.100.30] helo=greeting.example.net) by mx.example.org with esmtp (Exim 4.92) (envelope-from <bounce@example.net>) id 1abcDE-0001xY-AB for u@example.org; Wed, 5 Mar 2003 10:00:00 +0000",
    expect: "[ ip=198.51.100.30 rdns=host.example.net helo=greeting.example.net by=mx.example.org ident= envfrom=bounce@example.net intl=0 id=1abcDE-0001xY-AB auth= msa=0 ]",
  },
  {
    name: 'exim [ip] (helo= ident=)',
    line: "from [198.51.100.31] (helo=pc ident=joe) by mx.example.org with smtp (Exim 3.35 #1) id 18aaaa-0000bb-00",
    expect: "[ ip=198.51.100.31 rdns= helo=pc by=mx.example.org ident=joe envfrom= intl=0 id=18aaaa-0000bb-00 auth= msa=0 ]",
  },
  {
    name: 'exim local delivery',
    line: "from joe by host.example.org with local (Exim 4.92) id 1xyz-0001-AB",
    expect: "skipped",
  },
  {
    name: 'qmail unknown rDNS with HELO',
    line: "from unknown (HELO desk.example.net) (198.51.100.40) by mail.example.org with SMTP; 6 Mar 2003 10:00:00 -0000",
    expect: "[ ip=198.51.100.40 rdns= helo=desk.example.net by=mail.example.org ident= envfrom= intl=0 id= auth= msa=0 ]",
  },
  {
    name: 'qmail invoked by uid',
    line: "(qmail 12345 invoked by uid 1000); 6 Mar 2003 10:00:00 -0000",
    expect: "skipped",
  },
  {
    name: 'qmail ident@ip',
    line: "from dsl.example.net (HELO box) (joe@198.51.100.41) by mail.example.org with SMTP",
    expect: "[ ip=198.51.100.41 rdns=dsl.example.net helo=box by=mail.example.org ident=joe envfrom= intl=0 id= auth= msa=0 ]",
  },
  {
    name: 'microsoft SMTPSVC',
    line: "from WORKSTATION ([198.51.100.50]) by EXCH1.example.org with Microsoft SMTPSVC(6.0.3790.4675); Thu, 6 Mar 2003 10:00:00 -0800",
    expect: "[ ip=198.51.100.50 rdns= helo=WORKSTATION by=EXCH1.example.org ident= envfrom= intl=0 id= auth= msa=0 ]",
  },
  {
    name: 'microsoft SMTP server (exchange id is a version)',
    line: "from EX1.corp.example.org (10.1.2.3) by EX2.corp.example.org (10.1.2.4) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.1.2242.4; Fri, 7 Mar 2003 10:00:00 +0000",
    expect: "[ ip=10.1.2.3 rdns=EX1.corp.example.org helo=EX1.corp.example.org by=EX2.corp.example.org ident= envfrom= intl=1 id=15.1.2242.4 auth= msa=0 ]",
  },
  {
    name: 'xmail',
    line: "from relay.example.net (198.51.100.60:2525) by mx.example.org with [XMail 1.27 ESMTP Server] id <S1A2B3> for <u@example.org> from <list@example.net>",
    expect: "[ ip=198.51.100.60 rdns= helo=relay.example.net by=mx.example.org ident= envfrom=list@example.net intl=0 id=S1A2B3 auth= msa=0 ]",
  },
  {
    name: 'ecelerity',
    line: "from ([198.51.100.61:41234] helo=out.example.net) by mta.example.org (ecelerity 2.2.2.45 r(34222)) with ESMTP id AB/CD-12345-6789ABCD",
    expect: "[ ip=198.51.100.61 rdns= helo=out.example.net by=mta.example.org ident= envfrom= intl=0 id=AB/CD-12345-6789ABCD auth= msa=0 ]",
  },
  {
    name: 'lotus domino',
    line: "from desk.example.net ([198.51.100.62]) by notes.example.org (Lotus Domino Release 5.0.8) with ESMTP id 2003030712000012",
    expect: "[ ip=198.51.100.62 rdns= helo=desk.example.net by=notes.example.org ident= envfrom= intl=0 id=2003030712000012 auth= msa=0 ]",
  },
  {
    name: 'qpsmtpd',
    line: "from pc.example.net (HELO greeting) (198.51.100.63) by smtp.example.org (qpsmtpd/0.84) with ESMTP",
    expect: "[ ip=198.51.100.63 rdns=pc.example.net helo=greeting by=smtp.example.org ident= envfrom= intl=0 id= auth= msa=0 ]",
  },
  {
    name: 'simta upper-case FROM/BY/ID',
    line: "FROM greeting.example.net (host.example.net [198.51.100.64]) BY mx.example.org ID 3E5A1B2C.12345.6789 ; 8 Mar 2003 10:00:00 -0500",
    expect: "[ ip=198.51.100.64 rdns=host.example.net helo=greeting.example.net by=mx.example.org ident= envfrom= intl=0 id=3E5A1B2C.12345.6789 auth= msa=0 ]",
  },
  {
    name: 'norton antivirus gateway (from',
    line: "(from gw [198.51.100.65]) by av.example.org (NAVGW 2.5.2.12) with SMTP id M2003030810000012345 for <u@example.org>",
    expect: "[ ip=198.51.100.65 rdns= helo=gw by=av.example.org ident= envfrom= intl=0 id=M2003030810000012345 auth= msa=0 ]",
  },
  {
    name: 'communigate account, ESMTPA',
    line: "from [198.51.100.66] (account joe HELO laptop) by cgp.example.org (CommuniGate Pro SMTP 5.2.3) with ESMTPA id 123456",
    expect: "[ ip=198.51.100.66 rdns= helo=laptop by=cgp.example.org ident= envfrom= intl=1 id=123456 auth=ESMTPA msa=0 ]",
  },
  {
    name: 'courier AUTH: LOGIN',
    line: "from pc.example.net (pc.example.net [198.51.100.67]) (AUTH: LOGIN joe, TLS: TLSv1/SSLv3,256bits,AES256-SHA) by mail.example.org with esmtp; Sun, 9 Mar 2003 10:00:00 +0000",
    expect: "[ ip=198.51.100.67 rdns=pc.example.net helo=pc.example.net by=mail.example.org ident= envfrom= intl=1 id= auth=LOGIN msa=0 ]",
  },
  {
    name: 'sendmail authenticated bits',
    line: "from laptop (dsl.example.net [198.51.100.68]) (authenticated bits=0) by mail.example.org (8.13.8/8.13.8) with ESMTP id k1ABCDEF000123",
    expect: "[ ip=198.51.100.68 rdns=dsl.example.net helo=laptop by=mail.example.org ident= envfrom= intl=1 id=k1ABCDEF000123 auth=Sendmail msa=0 ]",
  },
  {
    name: 'smap',
    line: "from gate.example.net(198.51.100.69) by fw.example.org via smap (V2.1) id xma012345",
    expect: "[ ip=198.51.100.69 rdns=gate.example.net helo= by=fw.example.org ident= envfrom= intl=0 id=xma012345 auth= msa=0 ]",
  },
  {
    name: 'obtuse smtpd claiming to be',
    line: "from dial.example.net(198.51.100.70), claiming to be \"greeting.example\" via SMTP by st.example.org, id smtpdAAAa12345",
    expect: "[ ip=198.51.100.70 rdns=dial.example.net helo=greeting.example by=st.example.org ident= envfrom= intl=0 id=smtpdAAAa12345 auth= msa=0 ]",
  },
  {
    name: 'yahoo authenticated login',
    line: "from pc (joe@198.51.100.71 with login) by smtp1.mail.example.yahoo.com with SMTP",
    expect: "[ ip=198.51.100.71 rdns= helo=pc by=smtp1.mail.example.yahoo.com ident= envfrom= intl=0 id= auth= msa=0 ]",
  },
  {
    name: 'hotmail web submission',
    line: "from 198.51.100.72 by bay1-f1.hotmail.msn.com with HTTP; Mon, 10 Mar 2003 10:00:00 GMT",
    expect: "[ ip=198.51.100.72 rdns= helo= by=bay1-f1.hotmail.msn.com ident= envfrom= intl=1 id= auth=HTTP msa=0 ]",
  },
  {
    name: 'ipv6 literal with IPv6: prefix',
    line: "from mail.example.net (mail.example.net [IPv6:2001:db8::25]) by mx.example.org (Postfix) with ESMTPS id 4Q1ABC",
    expect: "[ ip=2001:db8::25 rdns=mail.example.net helo=mail.example.net by=mx.example.org ident= envfrom= intl=0 id=4Q1ABC auth= msa=0 ]",
  },
  {
    name: 'ipv4-mapped ipv6',
    line: "from x (y.example.net [::ffff:198.51.100.80]) by mx.example.org (8.12/8.12) with ESMTP id a1b2c3",
    expect: "[ ip=198.51.100.80 rdns=y.example.net helo=x by=mx.example.org ident= envfrom= intl=0 id=a1b2c3 auth= msa=0 ]",
  },
  {
    name: 'fetchmail POP3 pickup',
    line: "from pop.example.net [198.51.100.90] by localhost with POP3 (fetchmail-6.4.0) for <u@localhost> (single-drop); Mon, 10 Mar 2003 10:00:00 +0000",
    expect: "fetcher",
  },
  {
    name: 'by-only line',
    line: "by mx.example.org (Postfix, from userid 1000) id ABC123; Mon, 10 Mar 2003 10:00:00 +0000",
    expect: "skipped",
  },
  {
    name: 'unparseable: address not bracketed',
    line: "from relay.example.net - 198.51.100.91 by gw1 with Microsoft SMTPSVC(5.0.2195.6713); Mon, 10 Mar 2003 10:00:00 +0000",
    expect: "unparseable",
  },
  {
    name: 'generic fallback [ip] and by',
    line: "from odd.example.net stuff [198.51.100.92] by mx.example.org weirdness",
    expect: "[ ip=198.51.100.92 rdns= helo=odd.example.net by=mx.example.org ident= envfrom= intl=0 id= auth= msa=0 ]",
  },
  {
    name: 'submission from user@localhost',
    line: "from localhost (joe@localhost) by host.example.org (8.12.9/8.12.9/Submit) id h2AAAAAA012345",
    expect: "skipped",
  },
  {
    name: 'loopback handover is a relay',
    line: "from localhost (localhost [127.0.0.1]) by host.example.org (8.12.9/8.12.9) with ESMTP id h2BBBBBB012345",
    expect: "[ ip=127.0.0.1 rdns=localhost helo=localhost by=host.example.org ident= envfrom= intl=1 id=h2BBBBBB012345 auth= msa=0 ]",
  },
  {
    name: 'trailing dot on rDNS, gmail id',
    line: "from mx.example.net (mx.example.net. [198.51.100.93]) by mx.google.com with ESMTPS id a1si123456abc.45.2003.03.10.10.00.00",
    expect: "[ ip=198.51.100.93 rdns=mx.example.net helo=mx.example.net by=mx.google.com ident= envfrom= intl=0 id=a1si123456abc.45.2003.03.10.10.00.00 auth= msa=0 ]",
  },
  {
    name: 'envelope-from comment',
    line: "from host (host.example.net [198.51.100.94]) by mx.example.org (8.12/8.12) with ESMTP id h3 (envelope-from <sender@example.net>)",
    expect: "[ ip=198.51.100.94 rdns=host.example.net helo=host by=mx.example.org ident= envfrom=sender@example.net intl=0 id= auth= msa=0 ]",
  },
  {
    name: 'qmail-ldap envelope-sender',
    line: "from web.example.net (HELO www) ([198.51.100.95]) (envelope-sender <list@example.net>) by mail.example.org (qmail-ldap-1.03) with SMTP",
    expect: "[ ip=198.51.100.95 rdns=web.example.net helo=www by=mail.example.org ident= envfrom=list@example.net intl=0 id= auth= msa=0 ]",
  },
  {
    name: 'yahoo webmail via HTTP',
    line: "from [198.51.100.96] by web1.mail.example.com via HTTP; Mon, 10 Mar 2003 10:00:00 PST",
    expect: "[ ip=198.51.100.96 rdns= helo= by=web1.mail.example.com ident= envfrom= intl=0 id= auth= msa=0 ]",
  },
  {
    name: 'unverified rDNS',
    line: "from mail.example.net (unverified [198.51.100.97]) by gw.example.org <B0012345@gw.example.org>",
    expect: "[ ip=198.51.100.97 rdns=unverified helo=mail.example.net by=gw.example.org ident= envfrom= intl=0 id= auth= msa=0 ]",
  },
  {
    name: 'from X by Y; without ip',
    line: "from mail.example.net by relay.example.org; Mon, 10 Mar 2003 10:00:00 +0000",
    expect: "skipped",
  },
  {
    name: 'from [ip] by Y;',
    line: "from [198.51.100.98] by relay.example.org; Mon, 10 Mar 2003 10:00:00 +0000",
    expect: "[ ip=198.51.100.98 rdns= helo=!198.51.100.98! by=relay.example.org ident= envfrom= intl=0 id= auth= msa=0 ]",
  },
  {
    name: 'trailing semicolons, short id',
    line: "from box (box [10.0.0.5]) by mail.example.org (8.12/8.12) with ESMTP id x;;;",
    expect: "[ ip=10.0.0.5 rdns=box helo=box by=mail.example.org ident= envfrom= intl=1 id= auth= msa=0 ]",
  },
  {
    name: 'forbidden characters become !',
    line: "from a#b (c|d [198.51.100.99]) by e<f> (8.12/8.12) with ESMTP id h4",
    expect: "[ ip=198.51.100.99 rdns=c!d helo=a!b by=e!f! ident= envfrom= intl=0 id= auth= msa=0 ]",
  },
  {
    name: 'qmail-scanner by uid',
    line: "from qmail-scanner@example.org by mail by uid 502 with qmail-scanner-1.24 (clamdscan: 0.88. Clear:RC:0(198.51.100.1):. Processed in 0.1 secs)",
    expect: "skipped",
  },
  {
    name: 'qmail-scanner with envelope-from',
    line: "from 198.51.100.1 by mail.example.org (envelope-from <list@example.net>, uid 502) with qmail-scanner-1.24 (clamdscan: 0.88. Clear:RC:0(198.51.100.1):. Processed in 0.1 secs); Mon, 10 Mar 2003 10:00:00 +0000",
    expect: "skipped",
  },
  {
    name: '8-bit HELO that is not UTF-8 (read as Windows-1252)',
    line: 'from caf\xe9\x81 (x.example.net [198.51.100.7]) by mx.example.org (8.12/8.12) with ESMTP id abc',
    expect: '[ ip=198.51.100.7 rdns=x.example.net helo=caf\xc3\xa9\xef\xbf\xbd by=mx.example.org ident= envfrom= intl=0 id=abc auth= msa=0 ]',
  },
  {
    name: '8-bit HELO that is UTF-8 (kept)',
    line: 'from caf\xc3\xa9 (x.example.net [198.51.100.7]) by mx.example.org (8.12/8.12) with ESMTP id abc',
    expect: '[ ip=198.51.100.7 rdns=x.example.net helo=caf\xc3\xa9 by=mx.example.org ident= envfrom= intl=0 id=abc auth= msa=0 ]',
  },
  {
    name: 'a receiving host named "0" is false in Perl, so nothing was parsed',
    line: '(from unknown (HELO a.example) ([198.51.100.5]) by 0 (qmail-ldap-1.03) with SMTP',
    expect: 'unparseable',
  },
  {
    name: 'IPv6 unique-local address is not private in SpamAssassin 4.0.1 (intl=0)',
    line: 'from a.example.net (a.example.net [IPv6:fd00::25]) by mx.example.org (Postfix) with ESMTP id 4QULA1',
    expect: '[ ip=fd00::25 rdns=a.example.net helo=a.example.net by=mx.example.org ident= envfrom= intl=0 id=4QULA1 auth= msa=0 ]',
  },
  {
    name: 'CGNAT address is private (intl=1)',
    line: 'from a.example.net (a.example.net [100.100.1.2]) by mx.example.org (Postfix) with ESMTP id 4QCGN1',
    expect: '[ ip=100.100.1.2 rdns=a.example.net helo=a.example.net by=mx.example.org ident= envfrom= intl=1 id=4QCGN1 auth= msa=0 ]',
  },
];
