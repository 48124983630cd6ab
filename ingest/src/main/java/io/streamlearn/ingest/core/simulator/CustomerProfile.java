package io.streamlearn.ingest.core.simulator;

/**
 * A simulated customer (card holder), as in the handbook's customer profiles table.
 *
 * @param id the customer id, {@code 0..customers-1}
 * @param x location, uniform in [0, 100)
 * @param y location, uniform in [0, 100)
 * @param meanAmount mean spending amount, uniform in [5, 100)
 * @param stdAmount standard deviation of the spending amount, {@code meanAmount / 2}
 * @param meanTransactionsPerDay mean number of transactions per day, uniform in [0, 4)
 */
public record CustomerProfile(
    int id,
    double x,
    double y,
    double meanAmount,
    double stdAmount,
    double meanTransactionsPerDay) {}
