// The step tables' protocol: the schema Python writes (dashboard/reader/protocol.py,
// copied to schema.json by the build) and a check of tables against it. The reader
// refuses tables of another version instead of drawing a wrong map.
import schema from './schema.json' with { type: 'json' };

export const VERSION = schema.properties.version.const;
export { schema };

// Problems of `value` against a JSON-schema subset (type, const, enum, properties,
// required, items, additionalProperties, minimum, maximum): at most `limit` of them.
export function problems(value, node = schema, path = '$', found = [], limit = 20) {
  if (found.length >= limit) return found;
  const say = (message) => found.push(`${path}: ${message}`);
  if ('const' in node && value !== node.const) return say(`expected ${JSON.stringify(node.const)}`), found;
  if (node.enum && !node.enum.includes(value)) return say(`not one of ${node.enum.join(', ')}`), found;
  if (node.type && !typeOk(value, node.type)) return say(`expected ${node.type}`), found;
  if (typeof value === 'number') {
    if ('minimum' in node && value < node.minimum) say(`below ${node.minimum}`);
    if ('maximum' in node && value > node.maximum) say(`above ${node.maximum}`);
  }
  if (Array.isArray(value) && node.items) {
    for (let i = 0; i < value.length && found.length < limit; i++) {
      problems(value[i], node.items, `${path}[${i}]`, found, limit);
    }
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of node.required || []) if (!(key in value)) say(`missing ${key}`);
    for (const [key, child] of Object.entries(value)) {
      const rule = (node.properties && node.properties[key]) || node.additionalProperties;
      if (rule && typeof rule === 'object') problems(child, rule, `${path}.${key}`, found, limit);
    }
  }
  return found;
}

function typeOk(value, type) {
  if (Array.isArray(type)) return type.some((t) => typeOk(value, t));
  switch (type) {
    case 'array': return Array.isArray(value);
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'null': return value === null;
    default: return typeof value === type;
  }
}

// The tables, checked: the schema, then what a schema cannot say (parallel arrays of
// the same length, codes and indices in range). Throws with the first problems.
export function readTables(tables) {
  const found = problems(tables);
  if (!found.length) consistency(tables, found);
  if (found.length) throw new Error(`step tables refused: ${found.slice(0, 5).join('; ')}`);
  return tables;
}

function consistency(t, found) {
  const days = t.dates.length;
  const states = t.states.ids.length;
  const towns = t.towns.ids.length;
  const areas = t.areas.town.length;
  const same = (what, arrays, n) => arrays.forEach(([name, array]) => {
    if (array.length !== n) found.push(`${what}.${name} has ${array.length} entries, not ${n}`);
  });
  same('towns', Object.entries(t.towns).filter(([k]) => !k.startsWith('run') || k === 'runStart'), towns);
  same('runs', [['runCode', t.towns.runCode], ['runCertainty', t.towns.runCertainty]], t.towns.runDay.length);
  same('areas', Object.entries(t.areas), areas);
  same('edges', [['b', t.edges.b]], t.edges.a.length);
  same('days', [['dayNames', t.dayNames]], days);
  same('states', [['names', t.states.names], ['territory', t.territory], ['territoryUncertain', t.territoryUncertain]], states);
  t.territory.forEach((series, s) => series.length !== days && found.push(`territory[${s}] has ${series.length} days`));
  const inRange = (name, values, n) => values.some((v) => v >= n) && found.push(`${name} out of range`);
  inRange('areas.town', t.areas.town, towns);
  inRange('edges', t.edges.a.concat(t.edges.b), areas);
  inRange('runCode', t.towns.runCode, states);
  inRange('runDay', t.towns.runDay, days);
  t.towns.runStart.forEach((start, i) => {
    const end = i + 1 < towns ? t.towns.runStart[i + 1] : t.towns.runDay.length;
    if (end <= start || t.towns.runDay[start] !== 0) found.push(`towns.runs of ${t.towns.ids[i]} do not start on day 0`);
  });
}
