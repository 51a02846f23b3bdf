/**
 * The README's construct snippets as programs: the TypeScript tour and the same construct in
 * Python, Java and Go. test/languages/run.ts runs all four and requires the same YAML, so a
 * snippet a reader pastes compiles and means what the tour means. Only the wrapping a reader
 * adds is added here (a Java class with a main method); nothing in a snippet is rewritten.
 */
import * as ts from 'typescript';
import { codeBlocks } from '../docs/markdown';

/** The four snippets, by language. */
export interface ReadmeSnippets {
  readonly typescript: string;
  readonly python: string;
  readonly java: string;
  readonly go: string;
}

/** The README section holding the tour's TypeScript snippet. */
export const TOUR_HEADING = '## A tour';
/** The README section holding the same construct in the other languages. */
export const LANGUAGES_HEADING = '## Python, Java and Go';

/**
 * The tour's first TypeScript block and the Python, Java and Go blocks of the languages section.
 * Throws naming what is missing or ambiguous, so a README edit that moves a snippet fails loudly.
 */
export function readmeSnippets(readme: string): ReadmeSnippets {
  const tour = codeBlocks(section(readme, TOUR_HEADING)).filter((b) => b.language === 'ts' || b.language === 'typescript');
  if (tour.length === 0) throw new Error(`README.md: no TypeScript block under "${TOUR_HEADING}"`);
  const languages = codeBlocks(section(readme, LANGUAGES_HEADING));
  const only = (language: string): string => {
    const blocks = languages.filter((b) => b.language === language);
    if (blocks.length !== 1) throw new Error(`README.md: expected one ${language} block under "${LANGUAGES_HEADING}", found ${blocks.length}`);
    return blocks[0].code;
  };
  return { typescript: tour[0].code, python: only('python'), java: only('java'), go: only('go') };
}

/** The text of a level-2 section, from its heading to the next level-2 heading. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`README.md: no section "${heading}"`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** The TypeScript snippet as CommonJS a plain `node` runs (types are only erased). */
export function typescriptProgram(snippet: string): string {
  return ts.transpileModule(snippet, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    reportDiagnostics: false,
  }).outputText;
}

/**
 * The Java snippet as a compilation unit: its leading imports stay at the top, and the
 * statements after them (which the README shows "in a main method") become the body of
 * `className`'s main method.
 */
export function javaProgram(snippet: string, className: string): string {
  const lines = snippet.split('\n');
  const firstStatement = lines.findIndex((line) => line.trim() !== '' && !line.startsWith('import ') && !line.trim().startsWith('//'));
  if (firstStatement < 0) throw new Error('the Java snippet has no statements');
  const imports = lines.slice(0, firstStatement).filter((line) => line.startsWith('import '));
  const body = lines.slice(firstStatement).map((line) => `        ${line}`.trimEnd());
  return [...imports, '', `public class ${className} {`, '    public static void main(String[] args) {', ...body, '    }', '}', ''].join('\n');
}
