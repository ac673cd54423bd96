// Reads a FlatGeobuf file with the reference JS implementation (npm
// "flatgeobuf") and prints what it saw as JSON, for geo/fgb's interop test.
//
//   node read.mjs FILE [minX minY maxX maxY]
//
// With a rectangle the read goes through the packed R-tree (bbox filter).
import { readFileSync } from 'node:fs';
import { geojson } from 'flatgeobuf';

// The library logs its index walk with console.debug; keep stdout JSON.
console.debug = () => {};

const [file, ...rect] = process.argv.slice(2);
const bytes = new Uint8Array(readFileSync(file));
let header = null;
const options = {
  headerMetaFn: (h) => {
    header = {
      geometryType: h.geometryType,
      featuresCount: Number(h.featuresCount),
      indexNodeSize: h.indexNodeSize,
      envelope: h.envelope ? Array.from(h.envelope) : null,
      columns: (h.columns || []).map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
      crs: h.crs ? { org: h.crs.org, code: h.crs.code, name: h.crs.name, wkt: h.crs.wkt } : null,
      title: h.title,
      description: h.description,
      metadata: h.metadata,
    };
  },
};
if (rect.length === 4) {
  const [minX, minY, maxX, maxY] = rect.map(Number);
  options.rect = { minX, minY, maxX, maxY };
}
const features = [];
for await (const f of geojson.deserialize(bytes, options)) {
  features.push({ properties: f.properties ?? {}, geometry: f.geometry });
}
process.stdout.write(JSON.stringify({ header, count: features.length, features }) + '\n');
