// The reader's day rule and protocol check, against fixtures Python writes
// (tests/test_reader.py): for every day, the towns, areas, certainty, changed areas
// and frontline edges must be what dashboard/timeline.py gives.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { problems, readTables, VERSION } from '../src/reader/protocol.js';
import { dayOf, dayState, naming } from '../src/reader/state.js';

const folder = process.env.FRONTLINE_FIXTURES;
const fixtures = folder ? readdirSync(folder).filter((name) => name.endsWith('.json')) : [];

test('fixtures were written', () => {
  assert.ok(folder, 'FRONTLINE_FIXTURES names the folder tests/test_reader.py wrote');
  assert.ok(fixtures.length > 0);
});

for (const name of fixtures) {
  const { tables, expected } = JSON.parse(readFileSync(join(folder, name), 'utf8'));

  test(`${name}: the tables pass the schema and the checks`, () => {
    assert.deepEqual(problems(tables), []);
    assert.equal(readTables(tables), tables);
    assert.equal(tables.version, VERSION);
  });

  test(`${name}: every day is the timeline's`, () => {
    for (const want of expected) {
      const state = dayState(tables, want.day);
      assert.deepEqual(Array.from(state.townCodes), want.towns, `towns on day ${want.day}`);
      assert.deepEqual(Array.from(state.codes), want.areas, `areas on day ${want.day}`);
      assert.deepEqual(Array.from(state.certainty), want.certainty, `certainty on day ${want.day}`);
      const changed = [];
      state.changed.forEach((flag, i) => flag && changed.push(i));
      assert.deepEqual(changed, want.changed, `changed areas on day ${want.day}`);
      const front = [];
      state.front.forEach((flag, e) => flag && front.push(e));
      assert.deepEqual(front, want.front, `frontline on day ${want.day}`);
    }
  });

  test(`${name}: dates and names by day`, () => {
    const last = tables.dates.length - 1;
    assert.equal(dayOf(tables, tables.dates[last]), last);
    assert.equal(dayOf(tables, '1900-01-01'), -1);
    assert.equal(dayOf(tables, 42), -1);
    tables.states.names.forEach((runs, code) => {
      assert.equal(naming(tables, code, 0), runs[0]);
      assert.equal(naming(tables, code, last), runs.filter((run) => run.day <= last).at(-1));
    });
  });
}

test('tables of another version or shape are refused', () => {
  if (!fixtures.length) return;
  const { tables } = JSON.parse(readFileSync(join(folder, fixtures[0]), 'utf8'));
  assert.throws(() => readTables({ ...tables, version: VERSION + 1 }), /version/);
  const shifted = structuredClone(tables);
  shifted.towns.runCode.pop();
  assert.throws(() => readTables(shifted), /runCode/);
  const outOfRange = structuredClone(tables);
  outOfRange.areas.town[0] = tables.towns.ids.length;
  assert.throws(() => readTables(outOfRange), /areas.town out of range/);
});
