import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/** Validators of the machine-readable outputs, with the draft-04 Ajv the SARIF checks have always used. */
function validator(schema: object): (value: unknown) => unknown[] {
  // The SARIF schema's language pattern has a stray `]`, which only non-unicode regular expressions accept.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? [] : [...(validate.errors ?? [])]);
}

/** Errors of a SARIF log against the SARIF 2.1.0 schema (empty when valid). */
export const sarifErrors = validator(JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')));

/** The JSON report's schema as the package ships it. */
export const REPORT_SCHEMA_PATH = path.join(__dirname, '..', '..', 'schemas', 'audit-report.schema.json');

/** Errors of a `--format json` report against schemas/audit-report.schema.json (empty when valid). */
export const reportErrors = validator(JSON.parse(fs.readFileSync(REPORT_SCHEMA_PATH, 'utf8')));
