#!/usr/bin/env node
// Prints `N passed, N failed` (and `, N skipped`) from a JUnit report, the line .ci/run ends with.
// It counts the <testcase> elements rather than trusting the <testsuites> totals: jest-junit
// reports a failing afterAll hook as an extra failed testcase but leaves it out of the totals,
// which come from Jest's count of failed tests. Usage: junit-count.js FILE... (the counts are summed;
// a missing file counts as one failure).
const fs = require('fs');

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    console.error(`junit-count: no report ${file}`);
    failed++;
    continue;
  }
  const xml = fs.readFileSync(file, 'utf8');
  let cases = 0;
  // Attribute values are escaped, so a tag ends at the first `>`; element text is escaped too, so
  // `<failure` inside a body is always the element.
  for (const match of xml.matchAll(/<testcase\b[^>]*>/g)) {
    cases++;
    const selfClosing = match[0].endsWith('/>');
    const start = match.index + match[0].length;
    const body = selfClosing ? '' : xml.slice(start, xml.indexOf('</testcase>', start));
    if (/<(failure|error)\b/.test(body)) failed++;
    else if (/<skipped\b/.test(body)) skipped++;
    else passed++;
  }
  if (cases === 0) failed++; // a report without tests is not a pass
}
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
