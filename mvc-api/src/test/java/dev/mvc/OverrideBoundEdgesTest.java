package dev.mvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An override bound is a closed interval: both ends are inside, the next double out is not. */
class OverrideBoundEdgesTest {
  private final OverrideBound bound = new OverrideBound(0.1, 0.5);

  @Test
  void valuesExactlyAtMinAndMax_areInside() {
    assertThat(bound.contains(0.1)).isTrue();
    assertThat(bound.contains(0.5)).isTrue();
    assertThat(bound.contains(0.3)).isTrue();
  }

  @Test
  void theNextDoubleBeyondEitherEnd_isOutside() {
    assertThat(bound.contains(Math.nextDown(0.1))).isFalse();
    assertThat(bound.contains(Math.nextUp(0.5))).isFalse();
    assertThat(bound.contains(Double.NaN)).isFalse();
  }

  @Test
  void aSinglePointBound_containsOnlyThatPoint() {
    OverrideBound point = new OverrideBound(256, 256);
    assertThat(point.contains(256)).isTrue();
    assertThat(point.contains(255)).isFalse();
    assertThat(point.contains(257)).isFalse();
  }

  @Test
  void anInvertedNanOrInfiniteBound_isRefusedNamingBothEnds() {
    assertThatThrownBy(() -> new OverrideBound(0.5, 0.1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0.5, 0.1]");
    assertThatThrownBy(() -> new OverrideBound(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OverrideBound(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OverrideBound(Double.NEGATIVE_INFINITY, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OverrideBound(0, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_showsTheInterval() {
    assertThat(bound).hasToString("[0.1, 0.5]");
  }
}
