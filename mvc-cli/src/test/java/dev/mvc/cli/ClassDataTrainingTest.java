package dev.mvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mvc.cli.internal.ClassDataTraining;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The training run bin/mvc records its class-data-sharing archive from. */
class ClassDataTrainingTest {

  @Test
  void training_printsNothing_andLeavesNoTemporaryFile() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = trainingFiles(tmp);
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    try {
      ClassDataTraining.main(new String[0]);
    } finally {
      System.setOut(out);
    }
    assertThat(captured.size()).as("bytes printed to standard output").isZero();
    assertThat(trainingFiles(tmp)).isEqualTo(before);
  }

  private static long trainingFiles(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("mvc-training")).count();
    }
  }
}
