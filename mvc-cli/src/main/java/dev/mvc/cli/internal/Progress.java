package dev.mvc.cli.internal;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Upload progress, counted from the uploads S3 has acknowledged (whole PUTs and multipart parts):
 * a bar redrawn in place on a terminal, one plain line per step otherwise (CI logs).
 */
final class Progress {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final long total;
  private final boolean terminal;
  private final AtomicLong done = new AtomicLong();
  private int lastPercent = -1;

  Progress(PrintWriter err, long total, boolean terminal) {
    this.err = err;
    this.total = total;
    this.terminal = terminal;
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
          + mib(shown) + "/" + mib(total) + " MiB");
    } else {
      err.println("uploaded " + shown + " of " + total + " bytes (" + percent + "%)");
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
