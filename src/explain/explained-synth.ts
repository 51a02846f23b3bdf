import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { ApiObject, App } from 'cdk8s';
import { explainYamlText, PathReason, ReasonSource, SYNTH_MARK } from './comment-writer';
import { compareCodePoints } from '../core/code-point-order';
import { decisionsOf, ObjectDecisions, SET_BY_APP, valueAt } from '../core/decisions';

/**
 * Synthesizes a cdk8s app and writes, into the YAML files, why each value the constructs decided
 * is what it is (`# why: ...` comments).
 *
 * One line instead of `app.synth()`, for `cdk8s synth` (the app's main file calls it) and for
 * plain `app.synth()` users alike:
 *
 *     ExplainedSynth.synth(app);
 *
 * The comments never change what Kubernetes reads: only comments are added, and each document
 * is parsed before and after and kept as it was if anything differed.
 */
export class ExplainedSynth {
  /**
   * Runs `app.synth()`, then writes the reasons into the files it wrote.
   * @returns notes about documents left without comments (empty when every document was explained)
   */
  public static synth(app: App): string[] {
    app.synth();
    return ExplainedSynth.explainOutdir(app);
  }

  /**
   * Writes the reasons into YAML files the app has already written to its outdir (after
   * `app.synth()`). Documents the app did not create are left exactly as they are; running it
   * again changes nothing.
   * @returns notes about documents left without comments
   */
  public static explainOutdir(app: App): string[] {
    const source = reasonSource(app);
    const notes: string[] = [];
    for (const file of yamlFiles(app.outdir)) {
      const text = fs.readFileSync(file, 'utf-8');
      const explained = explainYamlText(text, source);
      notes.push(...explained.notes.map((note) => `${path.relative(app.outdir, file)}: ${note}`));
      if (explained.text !== text) {
        fs.writeFileSync(file, explained.text);
      }
    }
    return notes;
  }

  /**
   * The YAML text of objects that `app` created (for example `Yaml.stringify(...chart.toJson())`
   * or a chart's synthesized file), with the reasons as comments.
   */
  public static explainText(app: App, text: string): string {
    return explainYamlText(text, reasonSource(app)).text;
  }

  private constructor() {}
}

/** The reasons of every object of the app that recorded some, by identity. */
function reasonSource(app: App): ReasonSource {
  const byIdentity = new Map<string, ObjectDecisions | null>();
  for (const construct of app.node.findAll()) {
    if (!ApiObject.isApiObject(construct)) continue;
    const decisions = decisionsOf(construct);
    if (decisions === undefined) continue;
    const key = identity(construct.apiVersion, construct.kind, construct.metadata.namespace, construct.name);
    // Two objects with one identity (in different charts) cannot be told apart in a file: neither gets comments.
    byIdentity.set(key, byIdentity.has(key) ? null : decisions);
  }
  const normalized = new Map<ObjectDecisions, unknown>();
  return (document: unknown) => {
    const doc = document as { apiVersion?: unknown; kind?: unknown; metadata?: { namespace?: unknown; name?: unknown } } | null;
    if (doc === null || typeof doc !== 'object') return undefined;
    const found = byIdentity.get(identity(doc.apiVersion, doc.kind, doc.metadata?.namespace, doc.metadata?.name));
    if (!found) return undefined;
    let manifest = normalized.get(found);
    if (manifest === undefined) {
      manifest = JSON.parse(JSON.stringify(found.manifest));
      normalized.set(found, manifest);
    }
    return [{ path: ['apiVersion'], reason: SYNTH_MARK }, ...reasonsStillTrue(found, manifest, document)];
  };
}

/**
 * A field the app changed after the construct decided it (an escape hatch such as
 * `addJsonPatch`) is the app's value: its reason no longer holds.
 */
function reasonsStillTrue(found: ObjectDecisions, manifest: unknown, document: unknown): PathReason[] {
  const reasons: PathReason[] = [];
  for (const decision of found.decisions) {
    const now = valueAt(document, decision.path);
    if (now === undefined) continue;
    const decided = 'value' in decision ? decision.value : valueAt(manifest, decision.path);
    const unchanged = isDeepStrictEqual(now, decided);
    reasons.push({ path: decision.path, reason: unchanged ? decision.reason : SET_BY_APP });
  }
  return reasons;
}

function identity(apiVersion: unknown, kind: unknown, namespace: unknown, name: unknown): string {
  return JSON.stringify([apiVersion, kind, namespace ?? null, name]);
}

/** Every .yaml/.yml file under a folder, in code point order of their paths. */
function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) found.push(full);
    }
  };
  walk(dir);
  return found.sort(compareCodePoints);
}
