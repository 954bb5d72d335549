package dev.mvc.cli.internal;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Progress of a long command: a bar redrawn in place on a terminal, one plain line per step
 * otherwise (CI logs). Uploads count the bytes S3 has acknowledged (whole PUTs and multipart
 * parts); evaluations count finished golden cases.
 */
final class Progress {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final long total;
  private final boolean terminal;
  private final AtomicLong done = new AtomicLong();
  private final @Nullable String items;
  private int lastPercent = -1;

  Progress(PrintWriter err, long total, boolean terminal) {
    this(err, total, terminal, null);
  }

  /** Progress counted in {@code items} (such as {@code cases}) instead of bytes. */
  Progress(PrintWriter err, long total, boolean terminal, @Nullable String items) {
    this.err = err;
    this.total = total;
    this.terminal = terminal;
    this.items = items;
  }

  /** Reports that {@code done} items of the total have finished. */
  void completed(long done) {
    report(done);
  }

  /** Returns an interceptor that reports each upload S3 acknowledged here. */
  ExecutionInterceptor counter() {
    return new ExecutionInterceptor() {
      @Override
      public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (!(request instanceof UploadPartRequest) && !(request instanceof PutObjectRequest)) {
          return;
        }
        Long bytes = request instanceof UploadPartRequest ? ((UploadPartRequest) request).contentLength()
            : ((PutObjectRequest) request).contentLength();
        if (bytes == null) {
          // The multipart client leaves the length to the part's body; the wire says it.
          bytes = context.httpRequest().firstMatchingHeader("x-amz-decoded-content-length")
              .or(() -> context.httpRequest().firstMatchingHeader("Content-Length"))
              .map(Long::parseLong).orElse(null);
        }
        if (bytes != null) {
          report(done.addAndGet(bytes));
        }
      }
    };
  }

  private synchronized void report(long bytes) {
    long shown = Math.min(bytes, total);
    int percent = total == 0 ? 100 : (int) (shown * 100 / total);
    if (percent == lastPercent) {
      return;
    }
    lastPercent = percent;
    if (terminal) {
      int filled = percent * WIDTH / 100;
      err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% "
          + (items == null ? mib(shown) + "/" + mib(total) + " MiB" : shown + "/" + total + " " + items));
    } else if (items == null) {
      err.println("uploaded " + shown + " of " + total + " bytes (" + percent + "%)");
    } else {
      err.println("evaluated " + shown + " of " + total + " " + items + " (" + percent + "%)");
    }
    err.flush();
  }

  /** Ends the bar's line on a terminal. */
  synchronized void done() {
    if (terminal && lastPercent >= 0) {
      err.println();
      err.flush();
    }
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
  }
}
