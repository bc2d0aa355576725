/**
 * sa-learn reads its command line in order: each target is learned as the
 * class named last before it (`sa-learn --spam junk/ --ham inbox/` learns
 * junk/ as spam and inbox/ as ham). yargs keeps no order between flags and
 * positional words, so the raw words are walked again here, skipping each
 * option's value, to give every target the class in force where it stands.
 */

export interface ClassedTarget {
  path: string;
  /** undefined: no class named before it. */
  spam: boolean | undefined;
}

const SPAM = new Set(['spam']);
const HAM = new Set(['ham', 'nonspam']);

export interface ClassSwitches {
  targets: ClassedTarget[];
  /** The class named last of all (what a --folders file's bare lines take). */
  last: boolean | undefined;
}

/**
 * The targets of `words` (the command line after `learn`) with their class,
 * in order. `takesValue(name)` tells whether an option (long name or single
 * letter) reads the next word as its value.
 */
export function readClassSwitches(words: readonly string[], takesValue: (name: string) => boolean): ClassSwitches {
  const out: ClassedTarget[] = [];
  let spam: boolean | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '--') {
      for (const path of words.slice(i + 1)) out.push({ path, spam });
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = word.slice(2, eq < 0 ? undefined : eq);
      if (SPAM.has(name)) spam = true;
      else if (HAM.has(name)) spam = false;
      else if (eq < 0 && takesValue(name)) i++;
    } else if (word.startsWith('-') && word.length > 1) {
      // A bundle of letters (-Lq); a letter that takes a value reads the rest of the word, or else the next word.
      for (let j = 1; j < word.length; j++) {
        if (!takesValue(word[j] as string)) continue;
        if (j === word.length - 1) i++;
        break;
      }
    } else {
      out.push({ path: word, spam });
    }
  }
  return { targets: out, last: spam };
}
