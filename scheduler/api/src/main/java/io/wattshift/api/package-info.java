/**
 * Wattshift custom resources (group {@code wattshift.io}, version {@code v1alpha1}): plain fabric8 model classes,
 * no logic. The CRD YAML under the top-level {@code crds/} is generated from these classes by fabric8's
 * crd-generator; validation that the API server must enforce (ranges, enums, cross-field CEL rules) is declared
 * here with annotations.
 *
 * <p>Units are in the field names: {@code Kilowatts}, {@code Watts}, {@code Celsius}, {@code Seconds},
 * {@code UsdPerMegawattHour}. Status classes are written only by the scheduler (status subresource).
 */
package io.wattshift.api;
