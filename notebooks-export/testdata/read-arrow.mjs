// Reads an Arrow IPC file (Feather v2) with the reference JavaScript
// implementation (npm "apache-arrow") and prints what it saw as JSON, for
// notebooks-export's interop test.
//
//   node read-arrow.mjs FILE
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';

const table = tableFromIPC(readFileSync(process.argv[2]));
const row = (i) => (i < table.numRows ? table.get(i).toJSON() : null);
const out = {
  rows: table.numRows,
  fields: table.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable })),
  metadata: Object.fromEntries(table.schema.metadata),
  first: row(0),
  last: row(table.numRows - 1),
  nulls: Object.fromEntries(table.schema.fields.map((f, i) => [f.name, table.getChildAt(i).nullCount])),
};
// Int64 values arrive as BigInt, which JSON cannot hold: print them as text.
console.log(JSON.stringify(out, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
