/**
 * The scorer SPI: implement {@link dev.mvc.eval.spi.Scorer} to grade answers in an
 * {@link dev.mvc.eval.Evaluation} or a {@link dev.mvc.eval.DriftProbe}.
 */
@NullMarked
package dev.mvc.eval.spi;

import org.jspecify.annotations.NullMarked;
