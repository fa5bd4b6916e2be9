// The rule of the day, the same as dashboard/timeline.py (a browser test and the Node
// tests compare them): a town's holder at the end of day d is the value of its last run
// starting on or before d; an area follows its town; an area changed when its holder
// differs from the day before; a frontier edge is on the frontline when its two areas'
// holders differ and both states draw fronts.

export function townState(tables, day) {
  const { runStart, runDay, runCode, runCertainty } = tables.towns;
  const n = runStart.length;
  const codes = new Int16Array(n);
  const certainty = new Int8Array(n);
  for (let t = 0; t < n; t++) {
    const end = t + 1 < n ? runStart[t + 1] : runDay.length;
    let k = runStart[t];
    while (k + 1 < end && runDay[k + 1] <= day) k++;
    codes[t] = runCode[k];
    certainty[t] = runCertainty[k];
  }
  return { codes, certainty };
}

// The colour under a contested place: the side that held it last (its last run before
// the contested one that names another state), or the contested grey if none did.
function lastHolder(tables, town, day, contested) {
  const { runStart, runDay, runCode } = tables.towns;
  let k = runStart[town];
  const end = town + 1 < runStart.length ? runStart[town + 1] : runDay.length;
  while (k + 1 < end && runDay[k + 1] <= day) k++;
  for (let j = k - 1; j >= runStart[town]; j--) if (runCode[j] !== contested) return runCode[j];
  return contested;
}

export function dayState(tables, day) {
  const towns = townState(tables, day);
  const before = day > 0 ? townState(tables, day - 1).codes : towns.codes;
  const areaTown = tables.areas.town;
  const codes = new Int16Array(areaTown.length);
  const certainty = new Int8Array(areaTown.length);
  const changed = new Uint8Array(areaTown.length);
  const fill = new Int16Array(areaTown.length);
  const contested = tables.style.contested;
  const under = new Map();
  for (let i = 0; i < areaTown.length; i++) {
    const town = areaTown[i];
    codes[i] = towns.codes[town];
    certainty[i] = towns.certainty[town];
    changed[i] = before[town] !== codes[i] ? 1 : 0;
    if (codes[i] !== contested) fill[i] = codes[i];
    else {
      if (!under.has(town)) under.set(town, lastHolder(tables, town, day, contested));
      fill[i] = under.get(town);
    }
  }
  const { a, b } = tables.edges;
  const draws = tables.style.draws;
  const front = new Uint8Array(a.length);
  for (let e = 0; e < a.length; e++) {
    const ca = codes[a[e]];
    const cb = codes[b[e]];
    front[e] = ca !== cb && draws[ca] && draws[cb] ? 1 : 0;
  }
  const territory = tables.territory.map((series) => series[day]);
  return { day, townCodes: towns.codes, townCertainty: towns.certainty, codes, certainty, changed, fill, front, territory };
}

// A state's names on a day: the last of its names that started on or before it.
export function naming(tables, code, day) {
  const runs = tables.states.names[code];
  let found = runs[0];
  for (const run of runs) if (run.day <= day) found = run;
  return found;
}

// The index of an ISO date in the period, or -1.
export function dayOf(tables, iso) {
  return typeof iso === 'string' ? tables.dates.indexOf(iso.slice(0, 10)) : -1;
}
