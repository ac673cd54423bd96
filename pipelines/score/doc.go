// Package score runs a scenario: the input stage (Load) reads every file
// the run needs at once — lookup, vintages, sources, apportionment
// populations, boundaries, groupings and ward shares — and records each
// file's provenance; Compute then aligns the sources onto the areas,
// converts vintages, scores with the engine and assembles a result.Result,
// reading no files. Writing is the result's and the exporters' business
// (internal/result, geo/format, notebooks-export).
//
//	sc, _ := scenario.Load("examples/cost-of-living.yaml")
//	res, _ := score.Run(sc, score.Options{}, log)
//	files, _ := result.Write(res, "out", sc.Outputs.Formats)
package score
