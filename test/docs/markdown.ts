/**
 * Reads the repository's Markdown documentation (README.md and docs/) the way GitHub renders it,
 * for the documentation tests: which files there are, which relative links and anchors they
 * hold, which TypeScript snippets they show. Only what those tests need: fenced code blocks,
 * inline code, ATX headings and inline links.
 */
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** README.md and every .md file under docs/, as paths relative to the root, sorted. */
export function documentationFiles(root: string = REPO_ROOT): string[] {
  const found: string[] = [];
  if (fs.existsSync(path.join(root, 'README.md'))) found.push('README.md');
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(relative);
    }
  };
  if (fs.existsSync(path.join(root, 'docs'))) walk('docs');
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One line of a Markdown file, with whether it sits inside a fenced code block. */
interface SourceLine {
  readonly text: string;
  readonly line: number;
  readonly inFence: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/;

function sourceLines(markdown: string): SourceLine[] {
  const result: SourceLine[] = [];
  let open: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const fence = FENCE.exec(text);
    if (open === undefined && fence) {
      open = fence[1];
      result.push({ text, line: index + 1, inFence: true });
    } else if (open !== undefined) {
      if (fence && fence[1][0] === open[0] && fence[1].length >= open.length && fence[2] === '') open = undefined;
      result.push({ text, line: index + 1, inFence: true });
    } else {
      result.push({ text, line: index + 1, inFence: false });
    }
  });
  return result;
}

/** A fenced code block: its info string's language and its body. */
export interface CodeBlock {
  readonly language: string;
  readonly code: string;
  /** 1-based line of the block's first body line in the Markdown file. */
  readonly firstLine: number;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i]);
    if (!fence) continue;
    const marker = fence[1];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = FENCE.exec(lines[j]);
      if (close && close[1][0] === marker[0] && close[1].length >= marker.length && close[2] === '') break;
      body.push(lines[j]);
    }
    blocks.push({ language: fence[2].toLowerCase(), code: body.join('\n'), firstLine: i + 2 });
    i = j;
  }
  return blocks;
}

/** Text with inline code spans blanked, so a link written as code is not a link. */
function withoutInlineCode(text: string): string {
  return text.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length));
}

/**
 * GitHub's heading anchor: lower case, every character that is not a letter, digit, space,
 * hyphen or underscore dropped, spaces turned into hyphens; a repeated slug gets -1, -2, ...
 */
export function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text, inFence } of sourceLines(markdown)) {
    if (inFence) continue;
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const words = heading[1].replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = words.toLowerCase().replace(/[^\p{L}\p{N}\p{M} _-]/gu, '').replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

/** An inline link or image outside code: `[text](target)`. */
export interface MarkdownLink {
  readonly target: string;
  readonly line: number;
}

export function links(markdown: string): MarkdownLink[] {
  const found: MarkdownLink[] = [];
  for (const { text, line, inFence } of sourceLines(markdown)) {
    if (inFence) continue;
    const plain = withoutInlineCode(text);
    const pattern = /\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g;
    for (let match = pattern.exec(plain); match; match = pattern.exec(plain)) {
      found.push({ target: match[1], line });
    }
  }
  return found;
}

/** Links that leave the site: a scheme such as https: or mailto:. */
function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}

/**
 * Every relative link of the documentation files that does not resolve to a file or folder in
 * the repository, or to a heading of the Markdown file it names, as `file:line: target: why`.
 * Links into docs/rules/ are only checked when that folder exists: its pages are generated.
 */
export function brokenLinks(root: string = REPO_ROOT): string[] {
  const problems: string[] = [];
  const slugCache = new Map<string, Set<string>>();
  const slugsOf = (file: string): Set<string> => {
    let slugs = slugCache.get(file);
    if (!slugs) {
      slugs = headingSlugs(fs.readFileSync(file, 'utf8'));
      slugCache.set(file, slugs);
    }
    return slugs;
  };
  const rulePagesGenerated = fs.existsSync(path.join(root, 'docs', 'rules'));
  for (const file of documentationFiles(root)) {
    const absolute = path.join(root, file);
    for (const { target, line } of links(fs.readFileSync(absolute, 'utf8'))) {
      const where = `${file}:${line}: ${target}`;
      if (target === '') {
        problems.push(`${where}: empty link`);
        continue;
      }
      if (isExternal(target)) continue;
      const hash = target.indexOf('#');
      const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
      if (pathPart.startsWith('/')) {
        problems.push(`${where}: absolute path; link relative to the file`);
        continue;
      }
      const resolved = pathPart === '' ? absolute : path.resolve(path.dirname(absolute), pathPart);
      const relative = path.relative(root, resolved);
      if (relative.startsWith('..') || path.isAbsolute(relative)) {
        problems.push(`${where}: points outside the repository`);
        continue;
      }
      const intoRulePages = relative.split(path.sep).slice(0, 2).join('/') === 'docs/rules';
      if (intoRulePages && !rulePagesGenerated) continue;
      if (!fs.existsSync(resolved)) {
        problems.push(`${where}: no such file or folder`);
        continue;
      }
      if (anchor !== undefined && resolved.endsWith('.md') && fs.statSync(resolved).isFile() && !slugsOf(resolved).has(anchor)) {
        problems.push(`${where}: no heading with anchor #${anchor} in ${relative.split(path.sep).join('/')}`);
      }
    }
  }
  return problems;
}
