/**
 * Splits a CSS `background` shorthand value into layers of values, the way
 * SpamAssassin reads it to find a background colour (its bug 8210): layers
 * are separated by top-level commas, values by spaces; parentheses and
 * quotes group (a closing parenthesis also ends the value).
 */
export function parseCssBackground(value: string): string[][] {
  const layers: string[][] = [];
  let values: string[] = [];
  let token = '';
  /** Open groupers, innermost last: `(`, `"` or `'`. */
  const stack: string[] = [];
  const pushToken = (): void => {
    if (token !== '') values.push(token);
    token = '';
  };
  for (const ch of value) {
    const top = stack[stack.length - 1];
    if (top === '"' || top === "'") {
      token += ch;
      if (ch === top) stack.pop();
    } else if (top === '(') {
      token += ch;
      if (ch === ')') {
        values.push(token);
        token = '';
        stack.pop();
      } else if (ch === '"' || ch === "'") stack.push(ch);
    } else if (ch === ' ') pushToken();
    else if (ch === ',') {
      pushToken();
      layers.push(values);
      values = [];
    } else {
      token += ch;
      if (ch === '(' || ch === '"' || ch === "'") stack.push(ch);
    }
  }
  if (token !== '') values.push(token);
  if (values.length > 0) layers.push(values);
  return layers;
}
