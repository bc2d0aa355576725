/**
 * Self-written messages for the TextCat interop test, by Message-ID local
 * part, as octet strings (latin1). The texts are our own sentences.
 */

/** UTF-8 octets of a JavaScript string, as a latin1 string. */
const utf8 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

function message(id: string, subject: string, headers: string[], body: string): string {
  return [
    'From: Writer <writer@sender.example>',
    'To: reader@example.net',
    `Subject: ${subject}`,
    `Message-ID: <${id}@textcat.example>`,
    'Date: Tue, 6 Jan 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    ...headers,
    '',
    body,
  ].join('\n');
}

const plain = (charset: string): string[] => [`Content-Type: text/plain; charset=${charset}`, 'Content-Transfer-Encoding: 8bit'];

const ENGLISH = `Thank you for the notes from yesterday's meeting. I have read them twice and I think we agree on
most of the plan, although the budget for the second half of the year still worries me a little.
Could you send me the figures for the new warehouse before Friday? Then I can prepare a short summary
for the board and we will not have to wait until the end of the month to make a decision.`;

const GERMAN = `Vielen Dank für die Unterlagen von gestern. Ich habe mir alles noch einmal in Ruhe angesehen und
glaube, dass wir uns über die wichtigsten Punkte einig sind. Nur die Kosten für den Umbau der Halle
machen mir noch Sorgen, denn die Angebote der Firmen liegen weit auseinander. Können wir uns nächste
Woche zusammensetzen und gemeinsam entscheiden, welches Angebot wir annehmen wollen?`;

const FRENCH = `Bonjour à tous, je vous écris pour vous rappeler que la réunion de jeudi aura lieu dans la grande
salle du premier étage. Nous parlerons du calendrier des travaux et de la nouvelle organisation des
équipes pendant l'été. Si vous ne pouvez pas venir, merci de me prévenir avant mercredi soir afin que
je puisse vous envoyer le compte rendu dès la fin de la séance.`;

const SPANISH = `Hola a todos, os escribo para contaros que el viaje de la próxima semana ya está organizado. Saldremos
el lunes temprano desde la estación del norte y llegaremos a la costa antes de la hora de comer. He
reservado habitaciones en un hotel pequeño cerca del puerto, y por la tarde podremos pasear por el
casco antiguo o descansar en la playa si hace buen tiempo.`;

const ITALIAN = `Cari amici, vi scrivo per ringraziarvi della bellissima serata di sabato scorso. La cena era
squisita e la musica ha reso tutto ancora più allegro. Mia sorella mi ha chiesto la ricetta del dolce
al limone, quindi se qualcuno la conosce me la mandi pure. Spero di rivedervi presto, magari quando
il tempo sarà più caldo e potremo mangiare di nuovo in giardino tutti insieme.`;

const DUTCH = `Beste collega's, zoals afgesproken stuur ik jullie hierbij het overzicht van de werkzaamheden voor
de komende maand. De schilders beginnen maandag aan de achterkant van het gebouw en daarna gaan ze
verder met de trappen. Het is de bedoeling dat alles klaar is voordat de nieuwe huurders komen, maar
we moeten nog wel even kijken wie de sleutels gaat beheren als wij er niet zijn.`;

const PORTUGUESE = `Olá a todos, queria avisar que a festa de aniversário da minha mãe vai ser no sábado à noite, na
casa da minha irmã. Ela ainda não sabe de nada, por isso peço que não digam nada a ninguém. Cada
um pode trazer um prato ou uma bebida, e eu vou tratar do bolo e das flores. Se alguém precisar de
boleia, digam-me até quinta-feira para eu organizar os carros.`;

const RUSSIAN = `Добрый день, коллеги! Напоминаю, что в следующий вторник мы собираемся в большом зале на третьем
этаже, чтобы обсудить планы на весну. Пожалуйста, подготовьте короткие отчёты о работе ваших отделов
и принесите их с собой в бумажном виде. Если кто-то не сможет прийти, сообщите мне заранее, чтобы мы
успели перенести встречу на другой день.`;

const HTML = `<html><head><title>Nieuwsbrief</title><style>p { color: #333; }</style></head><body>
<p>Beste lezer, in deze <b>nieuwsbrief</b> vertellen we je over de plannen voor het voorjaar. De
bibliotheek in het centrum gaat twee weken dicht omdat de vloeren worden vervangen.</p>
<p>In die periode kun je je boeken inleveren bij het gemeentehuis, waar ook een kleine leestafel staat.
Kijk op <a href="https://bibliotheek.example/voorjaar">onze website</a> voor de openingstijden.</p>
</body></html>`;

const base64Lines = (text: string): string => (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\n');

export const TEXTCAT_MESSAGES: Record<string, string> = {
  english: message('english', 'Re: Fwd: notes from the meeting', [], ENGLISH),
  german: message('german', 'AW: Unterlagen', plain('utf-8'), utf8(GERMAN)),
  // ISO 8859-1 in the message: SpamAssassin decodes it and classifies the UTF-8 re-encoding.
  'german-latin1': message('german-latin1', 'Angebote', plain('iso-8859-1'), GERMAN),
  french: message('french', 'Réunion de jeudi', plain('utf-8'), utf8(FRENCH)),
  spanish: message('spanish', 'El viaje', plain('utf-8'), utf8(SPANISH)),
  italian: message('italian', 'Grazie', plain('utf-8'), utf8(ITALIAN)),
  dutch: message('dutch', 'Werkzaamheden', plain('utf-8'), utf8(DUTCH)),
  portuguese: message('portuguese', 'Festa', plain('utf-8'), utf8(PORTUGUESE)),
  'russian-utf8': message('russian-utf8', utf8('Встреча'), plain('utf-8'), utf8(RUSSIAN)),
  mixed: message('mixed', 'Two languages', plain('utf-8'), utf8(`${ENGLISH.slice(0, 260)}\n\n${GERMAN.slice(0, 260)}`)),
  // URLs and addresses are taken out before classifying: what is left is too short.
  links: message('links', 'links', [], `See https://www.example.com/some/long/path?with=query&and=more and write to someone.long.name@example.org or visit www.another-example.net/page.html today, or http://example.org/${'x'.repeat(300)} please.`),
  short: message('short', 'Hi', [], 'See you tomorrow at nine.'),
  empty: message('empty', 'Nothing', [], ''),
  html: message('html', 'Nieuwsbrief', ['Content-Type: text/html; charset=utf-8'], utf8(HTML)),
  base64: message('base64', 'Viaje', ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'], base64Lines(`${SPANISH}\n\n${SPANISH.toUpperCase()}`)),
  capitals: message('capitals', 'NOTICE', [], ENGLISH.toUpperCase()),
};
