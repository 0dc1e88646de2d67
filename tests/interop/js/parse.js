#!/usr/bin/env node
// Parse an RDF file with an independent JavaScript parser and print its quads as N-Quads on stdout.
//   node parse.js FORMAT FILE      FORMAT: turtle | trig | ntriples | nquads (the npm `n3` parser) or jsonld (`jsonld`)
// The JSON-LD document loader refuses every remote context: an export must embed its @context.
"use strict";
const fs = require("fs");

const N3_FORMATS = {
  turtle: "text/turtle",
  trig: "application/trig",
  ntriples: "application/n-triples",
  nquads: "application/n-quads",
};

function fail(message) {
  process.stderr.write(`parse.js: ${message}\n`);
  process.exit(1);
}

async function main() {
  const [format, file] = process.argv.slice(2);
  if (!format || !file) fail("usage: node parse.js FORMAT FILE");
  const text = fs.readFileSync(file, "utf8");
  if (format in N3_FORMATS) {
    const N3 = require("n3");
    const quads = new N3.Parser({ format: N3_FORMATS[format], baseIRI: `file://${file}` }).parse(text);
    const writer = new N3.Writer({ format: "application/n-quads" });
    writer.addQuads(quads);
    writer.end((error, result) => (error ? fail(String(error)) : process.stdout.write(result)));
  } else if (format === "jsonld") {
    const jsonld = require("jsonld");
    const documentLoader = async (url) => {
      throw new Error(`refusing to fetch ${url}: the export must embed its @context`);
    };
    const nquads = await jsonld.toRDF(JSON.parse(text), { format: "application/n-quads", documentLoader });
    process.stdout.write(nquads);
  } else {
    fail(`unknown format ${format}`);
  }
}

main().catch((error) => fail(error && error.message ? error.message : String(error)));
