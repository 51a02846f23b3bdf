#!/usr/bin/env node
// Prints `N passed, N failed` (and `, N skipped`) from a JUnit report, the line .ci/run ends with.
// It counts the <testcase> elements rather than trusting the <testsuites> totals: jest-junit
// reports a failing afterAll hook as an extra failed testcase but leaves it out of the totals,
// which come from Jest's count of failed tests. Usage: junit-count.js FILE
const fs = require('fs');

const xml = fs.readFileSync(process.argv[2], 'utf8');
let passed = 0;
let failed = 0;
let skipped = 0;
// Attribute values are escaped, so a tag ends at the first `>`; element text is escaped too, so
// `<failure` inside a body is always the element.
for (const match of xml.matchAll(/<testcase\b[^>]*>/g)) {
  const selfClosing = match[0].endsWith('/>');
  const start = match.index + match[0].length;
  const body = selfClosing ? '' : xml.slice(start, xml.indexOf('</testcase>', start));
  if (/<(failure|error)\b/.test(body)) failed++;
  else if (/<skipped\b/.test(body)) skipped++;
  else passed++;
}
if (passed + failed + skipped === 0) failed = 1; // a report without tests is not a pass
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
