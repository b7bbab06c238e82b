package io.wattshift.engine.model;

/**
 * Why a job did not fit somewhere: one resource short.
 *
 * @param resource  "power", "cooling", "gpu", "rack-power", "site-power", "quota"
 * @param requested what the job needs there (kW, or GPUs)
 * @param free      what is free there
 * @param limit     the limit there
 * @param where     the hall, rack, site or tenant that is short
 */
public record Insufficient(String resource, double requested, double free, double limit, String where) {
}
