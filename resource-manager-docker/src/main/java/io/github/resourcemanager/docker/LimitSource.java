package io.github.resourcemanager.docker;

/** Where an agent's desired limits come from. */
public enum LimitSource {
  /** The agent's own limits, set with {@link DockerLimits#set}. */
  CUSTOM,
  /** The {@link LimitPolicy}'s defaults: the agent never chose limits, or was {@linkplain DockerLimits#reset reset}. */
  DEFAULT
}
