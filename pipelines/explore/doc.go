// Package explore is `targeting explore`: a local what-if web app over one
// scenario. The server loads and scores the scenario once (pipelines/score),
// keeps the engine's input, and on each request rebuilds the engine model
// with the weights and selection rule the page sends and scores again
// (engine.Score): a recompute for Manchester takes well under a millisecond.
//
// The page (assets/, embedded with go:embed) is plain HTML, CSS and
// JavaScript with an SVG map drawn from paths the server projects once
// (EPSG:27700 metres are planar); it makes no request outside the local
// server. Colours come from geo/palette, as in every other output.
//
// The API takes weights and rules, never paths: the browser cannot name a
// file. Every request's Host (and Origin, when sent) must be the server's
// own address; bodies are limited to MaxBody bytes; bad input is a 4xx with
// a JSON {"error": "..."} message.
//
// Downloads: the scenario file with the weights and selection edited in
// place (comments kept) that `targeting score` scores to the page's ranks,
// the table as CSV, and the HTML briefing of notebooks-export for the
// current settings.
package explore
