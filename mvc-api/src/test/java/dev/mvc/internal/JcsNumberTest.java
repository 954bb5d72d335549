package dev.mvc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Numbers in canonical JSON are written exactly as ECMAScript's Number.prototype.toString does. */
class JcsNumberTest {
  private static double bits(String hex) {
    return Double.longBitsToDouble(Long.parseUnsignedLong(hex, 16));
  }

  @Test
  void everyReferenceNumberOfTheEcmaScriptSequence_isWrittenInItsReferenceForm() throws IOException {
    List<String> mismatches = new ArrayList<>();
    int lines = 0;
    try (InputStream in = JcsNumberTest.class.getClassLoader().getResourceAsStream("jcs/ecmascript-numbers.csv");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines++;
        int comma = line.indexOf(',');
        String expected = line.substring(comma + 1);
        String actual = Jcs.number(bits(line.substring(0, comma)));
        if (!actual.equals(expected)) {
          mismatches.add("line " + lines + ": " + line + " was written " + actual);
        }
      }
    }
    assertThat(lines).isEqualTo(100_000);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void twoToTheMinus25_isWrittenWithItsShortestRoundTripDigits() {
    assertThat(Jcs.number(Math.scalb(1.0, -25))).isEqualTo("2.9802322387695312e-8");
  }

  @Test
  void twoToTheMinus1007_isNotOneDigitLongerThanTheShortestForm() {
    assertThat(Jcs.number(Math.scalb(1.0, -1007))).isEqualTo("7.291122019556398e-304");
  }

  /** The IEEE-754 vectors of RFC 8785 appendix B. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0000000000000000,0", "8000000000000000,0", "0000000000000001,5e-324", "8000000000000001,-5e-324",
      "7fefffffffffffff,1.7976931348623157e+308", "ffefffffffffffff,-1.7976931348623157e+308",
      "4340000000000000,9007199254740992", "c340000000000000,-9007199254740992",
      "4430000000000000,295147905179352830000", "44b52d02c7e14af5,9.999999999999997e+22",
      "44b52d02c7e14af6,1e+23", "44b52d02c7e14af7,1.0000000000000001e+23",
      "444b1ae4d6e2ef4e,999999999999999700000", "444b1ae4d6e2ef4f,999999999999999900000",
      "444b1ae4d6e2ef50,1e+21", "3eb0c6f7a0b5ed8c,9.999999999999997e-7", "3eb0c6f7a0b5ed8d,0.000001",
      "41b3de4355555553,333333333.3333332", "41b3de4355555554,333333333.33333325",
      "41b3de4355555555,333333333.3333333", "41b3de4355555556,333333333.3333334",
      "41b3de4355555557,333333333.33333343", "becbf647612f3696,-0.0000033333333333333333",
      "43143ff3c1cb0959,1424953923781206.2"})
  void rfc8785AppendixBNumbers_areWrittenAsTheRfcShows(String hex, String expected) {
    assertThat(Jcs.number(bits(hex))).isEqualTo(expected);
  }

  @Test
  void integersADoubleCannotHoldExactly_areRefusedRatherThanHashedAsAnotherNumber() {
    assertThat(Jcs.number(9007199254740992L)).isEqualTo("9007199254740992");
    assertThatThrownBy(() -> Jcs.number(9007199254740993L))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9007199254740993");
    assertThatThrownBy(() -> Jcs.number(BigInteger.TWO.pow(53).add(BigInteger.ONE).negate()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-9007199254740993");
  }

  @Test
  void nonFiniteNumbers_areRefused() {
    assertThatThrownBy(() -> Jcs.number(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jcs.number(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
  }
}
