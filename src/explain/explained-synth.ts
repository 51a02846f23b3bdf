import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { ApiObject, App } from 'cdk8s';
import { explainYamlText, PathReason, ReasonSource, SYNTH_MARK } from './comment-writer';
import { compareCodePoints } from '../core/code-point-order';
import { decisionsOf, SET_BY_APP, valueAt } from '../core/decisions';

/**
 * Synthesizes a cdk8s app and writes, into the YAML files, why each value the constructs decided
 * is what it is (`# why: ...` comments).
 *
 * One line instead of `app.synth()`, for `cdk8s synth` (the app's main file calls it) and for
 * plain `app.synth()` users alike:
 *
 *     ExplainedSynth.synth(app);
 *
 * The comments never change what Kubernetes reads: only comments are added, on lines whose
 * YAML shape the writer follows (documents it does not follow are left as they are).
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
      const explained = explainYamlText(text, source, { verifyByParsing: false });
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
    return explainYamlText(text, reasonSource(app), { verifyByParsing: false }).text;
  }

  private constructor() {}
}

/** The reasons of every object of the app that recorded some, by identity. */
function reasonSource(app: App): ReasonSource {
  const byIdentity = new Map<string, ApiObject | null>();
  for (const construct of app.node.findAll()) {
    if (!ApiObject.isApiObject(construct) || decisionsOf(construct) === undefined) continue;
    // The identity as written (a patch may remove the namespace, as for a ClusterRole); the JSON is cached after synth.
    const json = construct.toJson();
    const key = identity(json.apiVersion, json.kind, json.metadata?.namespace, json.metadata?.name);
    // Two objects with one identity (in different charts) cannot be told apart in a file: neither gets comments.
    byIdentity.set(key, byIdentity.has(key) ? null : construct);
  }
  return (view) => {
    const found = byIdentity.get(identity(view.scalarAt(['apiVersion']), view.scalarAt(['kind']),
      view.scalarAt(['metadata', 'namespace']), view.scalarAt(['metadata', 'name'])));
    if (!found) return undefined;
    return [{ path: ['apiVersion'], reason: SYNTH_MARK }, ...reasonsStillTrue(found)];
  };
}

/**
 * A field the app changed after the construct decided it (an escape hatch such as
 * `addJsonPatch`) is the app's value: its reason no longer holds. Objects without patches (nearly
 * all) need no comparison.
 */
function reasonsStillTrue(object: ApiObject): PathReason[] {
  const { manifest, decisions } = decisionsOf(object)!;
  const patches = (object as unknown as { patches?: unknown[] }).patches;
  const patched = !Array.isArray(patches) || patches.length > 0;
  if (!patched && decisions.every((d) => !('value' in d))) {
    return decisions.map((d) => ({ path: d.path, reason: d.reason }));
  }
  const now = object.toJson();
  const decidedManifest = JSON.parse(JSON.stringify(manifest));
  const reasons: PathReason[] = [];
  for (const decision of decisions) {
    const current = valueAt(now, decision.path);
    if (current === undefined) continue;
    const decided = 'value' in decision ? decision.value : valueAt(decidedManifest, decision.path);
    reasons.push({ path: decision.path, reason: isDeepStrictEqual(current, decided) ? decision.reason : SET_BY_APP });
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
