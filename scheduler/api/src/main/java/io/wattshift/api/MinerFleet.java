package io.wattshift.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The ASIC miners of a hall and how to reach them. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
// has(self.miners) first: the list is optional, and reading an absent field fails the rule ("no such key")
@ValidationRule(value = "!has(self.standbyWatts) || !has(self.miners) "
    + "|| self.miners.all(m, has(m.standbyWatts) || self.standbyWatts <= m.nominalWatts)",
    message = "standbyWatts (what one sleeping miner draws) must be at most the nominalWatts of every miner that does "
        + "not set its own standbyWatts")
public class MinerFleet {
  @JsonPropertyDescription("Miner API dialect: LuxOS (cgminer JSON over TCP) or BraiinsOS (default LuxOS).")
  private MinerProtocol protocol;

  @Required
  @JsonPropertyDescription("Secret (keys: username, password) the fleet adapter logs on with.")
  private SecretReference credentialsSecret;

  @Min(1)
  @Max(10000)
  @JsonPropertyDescription("Commands in flight at once against this fleet (default 256).")
  private Integer maxConcurrentCommands;

  @Min(100)
  @Max(60000)
  @JsonPropertyDescription("Connect and read timeout of one miner command in milliseconds (default 2000).")
  private Integer commandTimeoutMillis;

  @Min(1)
  @Max(600)
  @JsonPropertyDescription("Seconds after a curtail command by which a silent miner is counted at nameplate (default: "
      + "the PowerPolicy's mining.curtailTimeoutSeconds, else 10). The scheduler issues an unconfirmed curtailment "
      + "again only once every hall's fleet has answered (its confirm time, or its logon and curtail commands if "
      + "longer, then a last reading, each command up to its timeouts and retries) plus 5 s, and never before 30 s.")
  private Integer curtailConfirmSeconds;

  @Min(0)
  @Max(50000)
  @JsonPropertyDescription("The most one sleeping miner draws, in watts (control board, fans, PSU idle; e.g. 30 for an "
      + "S21). The hall books this much per sleeping miner, and a miner counts as asleep only when it reports at most "
      + "this (more: awake, at nominalWatts). A miner's own standbyWatts overrides it. Unset: 10 % of nominalWatts.")
  private Double standbyWatts;

  @JsonPropertyDescription("The miners.")
  private List<Miner> miners = new ArrayList<>();

  // accessors
  public MinerProtocol getProtocol() { return protocol; }
  public void setProtocol(MinerProtocol protocol) { this.protocol = protocol; }
  public SecretReference getCredentialsSecret() { return credentialsSecret; }
  public void setCredentialsSecret(SecretReference credentialsSecret) { this.credentialsSecret = credentialsSecret; }
  public Integer getMaxConcurrentCommands() { return maxConcurrentCommands; }
  public void setMaxConcurrentCommands(Integer maxConcurrentCommands) { this.maxConcurrentCommands = maxConcurrentCommands; }
  public Integer getCommandTimeoutMillis() { return commandTimeoutMillis; }
  public void setCommandTimeoutMillis(Integer commandTimeoutMillis) { this.commandTimeoutMillis = commandTimeoutMillis; }
  public Integer getCurtailConfirmSeconds() { return curtailConfirmSeconds; }
  public void setCurtailConfirmSeconds(Integer curtailConfirmSeconds) { this.curtailConfirmSeconds = curtailConfirmSeconds; }
  public Double getStandbyWatts() { return standbyWatts; }
  public void setStandbyWatts(Double standbyWatts) { this.standbyWatts = standbyWatts; }
  public List<Miner> getMiners() { return miners; }
  public void setMiners(List<Miner> miners) { this.miners = miners; }
}
