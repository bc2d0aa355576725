/** Small self-written spam and ham messages whose words Bayes learns quickly (for the Redis store tests). */

const SPAM_WORDS = ['cheap', 'pills', 'casino', 'jackpot', 'viagra', 'lottery', 'winner', 'bitcoin', 'doubler', 'unclaimed', 'prize', 'offshore'];
const HAM_WORDS = ['meeting', 'agenda', 'patch', 'review', 'quarterly', 'roadmap', 'invoice', 'kernel', 'minutes', 'colleague', 'deadline', 'branch'];

export function bayesMail(kind: 'spam' | 'ham', i: number): string {
  const words = kind === 'spam' ? SPAM_WORDS : HAM_WORDS;
  const pick = (n: number): string => Array.from({ length: n }, (_, j) => words[(i + j * 5) % words.length]).join(' ');
  const body = kind === 'spam'
    ? `Dear friend, ${pick(8)}! Claim your ${pick(4)} now at http://win${i}.example.com/claim and become a ${pick(3)} today (ref ${i}).`
    : `Hi all, ${pick(8)}. Please look at https://git.example.org/c/${i} before the ${pick(4)} on Friday, thanks (${i}).`;
  return [
    `From: ${kind === 'spam' ? 'Prize Desk' : 'Carol Smith'} <${kind}${i}@sender${i % 3}.example>`,
    'To: dave@example.net',
    `Subject: ${kind === 'spam' ? 'You are a winner' : 'Notes from the meeting'} ${i}`,
    `Date: Tue, 6 Jan 2026 0${i % 10}:00:00 +0000`,
    `Message-ID: <${kind}-${i}@sender.example>`,
    `Received: from relay${i}.example (relay${i}.example [198.51.100.${(i % 250) + 1}]) by mx.example.net with ESMTP id Q${i}; Tue, 6 Jan 2026 0${i % 10}:00:01 +0000`,
    '',
    body,
    '',
  ].join('\n');
}
