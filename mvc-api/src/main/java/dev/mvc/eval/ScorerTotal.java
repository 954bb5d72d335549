package dev.mvc.eval;

/**
 * One scorer's totals over an evaluation.
 *
 * @param scorer the scorer's name
 * @param cases the cases it applied to
 * @param passed the cases it gave a full pass
 * @param mean the mean of its scores (0 when it applied to none)
 */
public record ScorerTotal(String scorer, int cases, int passed, double mean) {}
