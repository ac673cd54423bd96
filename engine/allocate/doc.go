// Package allocate splits a budget between units (wards or areas) in
// proportion to their need, with an optional floor and cap per unit, in
// whole pounds that add up exactly to the budget.
//
// The split is the proportional share with floors and caps by water-
// filling: each unit gets clamp(lambda * need, floor, cap), with the one
// lambda that spends the budget, so units between their floor and cap stay
// exactly proportional to need. Whole pounds come from the largest-
// remainder (Hamilton) method: every unit gets the whole pounds of its
// share, and the pounds left over go one each to the units with the largest
// fractional parts (ties: more need first, then input order), so the
// allocation sums to the budget and no unit moves by a pound or more from
// its exact share.
package allocate
