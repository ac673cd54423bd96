// Package audit is the statistics of an indicator audit, the JRC/OECD
// Handbook on Constructing Composite Indicators' steps 3 (imputation and
// descriptive statistics, outliers) and 4 (multivariate analysis:
// correlations, Cronbach's alpha, principal components). COINr's get_stats,
// get_corr, get_cronbach and get_PCA are the models.
//
// Estimators, everywhere in this package:
//   - sd is the sample standard deviation (n - 1);
//   - skew and kurtosis are gonum's stat.Skew and stat.ExKurtosis: the
//     adjusted Fisher-Pearson G1 and the excess kurtosis G2 (SAS, Excel
//     SKEW/KURT, R e1071 type = 2);
//   - quantiles are R's default (type 7): h = (n - 1) p, linear between
//     the order statistics either side;
//   - an indicator is flagged for outliers by COINr's rule, |skew| > 2 and
//     kurtosis > 3.5; values below Q1 - 1.5 IQR or above Q3 + 1.5 IQR are
//     counted (Tukey's fences);
//   - Pearson correlation is gonum's stat.Correlation; Spearman is the
//     Pearson correlation of mid-ranks (engine/compare.Spearman);
//   - principal components are of the standardised variables (the
//     correlation matrix, as R's prcomp(x, scale. = TRUE)), from gonum's
//     stat.PC; loadings are the unit eigenvectors, each signed so its
//     entries sum to a non-negative number.
//
// NaN is a missing value in Describe; the other functions need complete
// columns of equal length.
package audit
