package io.streamlearn.model.core.tree;

/**
 * A candidate split of a leaf: the test ({@code null} for "do not split"), the class distribution
 * each branch would receive, and its merit under the split criterion.
 */
record SplitSuggestion(SplitTest test, double[][] branchDistributions, double merit) {}
