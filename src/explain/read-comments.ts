import * as yaml from 'js-yaml';
import { EXPLAIN_MARKER, explainedAtSynth } from './comment-writer';
import { LinePath, mapLines } from './yaml-lines';
import { KUBERNETES_YAML_SCHEMA } from '../cli/load';

/** One document of a file and the `# why:` comments it carries, by field path. */
export interface ExplainedDocument {
  readonly document: unknown;
  readonly comments: ReadonlyArray<{ readonly path: LinePath; readonly text: string }>;
  /** The comments were written at synth from the constructs' decisions (ExplainedSynth). */
  readonly atSynth: boolean;
}

/**
 * Reads the `# why:` comments back from YAML text: a comment at the end of a line or on the
 * lines just above it explains the outermost node that starts on that line. Documents that do
 * not parse or that the line map does not follow are left out.
 */
export function readExplanations(text: string): ExplainedDocument[] {
  const result: ExplainedDocument[] = [];
  for (const chunk of text.split(/^---[ \t]*\r?$/m)) {
    const lines = chunk.split('\n');
    if (lines.every((l) => l.trim() === '' || l.trimStart().startsWith('#'))) continue;
    let document: unknown;
    try {
      document = yaml.load(chunk, { schema: KUBERNETES_YAML_SCHEMA });
    } catch {
      continue;
    }
    const map = mapLines(lines);
    if (!map.supported) continue;
    const comments: Array<{ path: LinePath; text: string }> = [];
    for (const node of map.nodes) {
      const texts: string[] = [];
      for (let i = node.line - 1; i >= 0 && lines[i].trimStart().startsWith(EXPLAIN_MARKER); i--) {
        texts.unshift(lines[i].trimStart().slice(EXPLAIN_MARKER.length).trimEnd());
      }
      if (node.commentStart !== undefined && lines[node.line].startsWith(EXPLAIN_MARKER, node.commentStart)) {
        texts.push(lines[node.line].slice(node.commentStart + EXPLAIN_MARKER.length).trimEnd());
      }
      if (texts.length > 0) comments.push({ path: node.paths[0], text: texts.join('; ') });
    }
    result.push({ document, comments, atSynth: explainedAtSynth(lines) });
  }
  return result;
}
