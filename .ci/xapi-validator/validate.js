#!/usr/bin/env node
// Validate xAPI statements with Learning Locker's validator (@learninglocker/xapi-validation),
// for CI checks of what danvan emits.
//
// Usage: node .ci/xapi-validator/validate.js FILE
//   FILE is a JSON array of statements, or JSON Lines (one statement per line; blank lines skipped).
// Prints one line per invalid statement: index<TAB>id<TAB>errors ("path: Warning (details); ..."),
// index 0-based, id "-" if absent; then a last line "valid: X invalid: Y".
// Exit: 0 all valid, 1 some invalid, 2 unreadable input (missing file, bad JSON, not statements).
'use strict';

const fs = require('fs');
const validate = require('@learninglocker/xapi-validation').default; // (statement) => Warning[]

function fail(message) {
  process.stderr.write(`validate.js: ${message}\n`);
  process.exit(2);
}

function readStatements(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch (e) {
      fail(`${file}: not a valid JSON array: ${e.message}`);
    }
  }
  const statements = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    if (lines[i].trim() === '') continue;
    try {
      statements.push(JSON.parse(lines[i]));
    } catch (e) {
      fail(`${file}:${i + 1}: not valid JSON: ${e.message}`);
    }
  }
  return statements;
}

// A rulr Warning has name, path (array of keys) and data; subclasses add details
// (typeName, keys, raw/min/max, ...). Show the details, not the offending data.
function describe(warning) {
  const skip = new Set(['data', 'path', 'message', 'name', 'stack']);
  const details = Object.keys(warning)
    .filter((k) => !skip.has(k))
    .map((k) => `${k}=${JSON.stringify(warning[k])}`);
  const where = (warning.path || []).join('.');
  return `${where}: ${warning.name}${details.length ? ` (${details.join(', ')})` : ''}`;
}

const file = process.argv[2];
if (!file) fail('usage: validate.js FILE (JSON array or JSON Lines of xAPI statements)');
const statements = readStatements(file);
if (!Array.isArray(statements) || statements.length === 0) fail(`${file}: no statements`);

let invalid = 0;
statements.forEach((statement, index) => {
  const warnings = validate(statement);
  if (warnings.length === 0) return;
  invalid += 1;
  const id = statement && typeof statement.id === 'string' ? statement.id : '-';
  process.stdout.write(`${index}\t${id}\t${warnings.map(describe).join('; ')}\n`);
});
process.stdout.write(`valid: ${statements.length - invalid} invalid: ${invalid}\n`);
process.exit(invalid === 0 ? 0 : 1);
