// Package compare sets two rankings of the same areas side by side: which
// areas enter and leave the selection, which move furthest in rank, how
// closely the two orders agree (Spearman's rho and Kendall's tau-b) and how
// many people each selection covers. The rankings may come from two
// scenarios or from two vintages of one scenario mapped to one geography.
package compare
