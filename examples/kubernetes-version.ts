/**
 * The oldest Kubernetes release the example app's manifests are applied to. The app sets it as
 * the construct tree's target, so every construct checks its fields against it (a field this
 * release does not honour fails synth); the output is audited for the same release
 * (`npx projen audit:example` passes it as `--kubernetes-version`, and so does the install
 * test). A file of its own, with no imports, so .projenrc.ts can read it without loading the
 * library.
 */
export const EXAMPLE_KUBERNETES_VERSION = '1.34';
