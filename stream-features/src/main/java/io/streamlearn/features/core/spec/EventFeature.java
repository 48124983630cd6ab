package io.streamlearn.features.core.spec;

/** A feature computed from the transaction alone, without any state. */
public sealed interface EventFeature extends FeatureDefinition
    permits EventValue, HourOfDay, Weekend, NightFlag, HashedCategory {}
