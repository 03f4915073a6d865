package io.github.resourcemanager.scale;

/** Which way a decision moves the size of its target. */
public enum ScaleDirection {
  /** The desired size is larger than the current size. */
  UP,
  /** The desired size is smaller than the current size. */
  DOWN,
  /** The desired size is the current size. */
  NONE;

  static ScaleDirection of(int current, int desired) {
    return desired > current ? UP : desired < current ? DOWN : NONE;
  }
}
