/**
 * A YAML example written indented inside code, as the reader of a rule page sees it: the
 * common indentation and the first and last (empty) lines removed.
 */
export function yaml(strings: TemplateStringsArray): string {
  const lines = strings.raw.join('').split('\n');
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return `${lines.map((l) => l.slice(indent)).join('\n')}\n`;
}
