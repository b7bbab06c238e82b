package io.wattshift.engine.constraints;

/**
 * The power figures of a whole request in one hall, as the explainer shows them.
 *
 * @param podItW IT power of one typical pod on this hall's nodes, W
 * @param itKw   IT power of all the pods, kW
 * @param feedKw the same at the hall feed (x the cooling overhead), kW
 */
public record Need(double podItW, double itKw, double feedKw) {
}
