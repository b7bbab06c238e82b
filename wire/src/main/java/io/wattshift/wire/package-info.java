/**
 * The daemon &lt;-&gt; scheduler telemetry wire format: records for the messages and {@link io.wattshift.wire.WireCodec},
 * their one encoder/decoder. Transport: binary WebSocket messages, one {@link io.wattshift.wire.WireMessage} each,
 * on path {@link io.wattshift.wire.WirePaths#TELEMETRY}, authenticated by the daemon pod's ServiceAccount token.
 */
package io.wattshift.wire;
