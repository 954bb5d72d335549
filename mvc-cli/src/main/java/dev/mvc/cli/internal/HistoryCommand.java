package dev.mvc.cli.internal;

import dev.mvc.cli.ExitCode;
import dev.mvc.s3.ManifestRepository;
import dev.mvc.s3.ManifestVersion;
import dev.mvc.s3.S3Location;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mvc history}: every version of a manifest key. */
@Command(
    name = "history",
    description = {
        "List every version of a manifest key in S3.",
        "",
        "List every version of a manifest key, newest first: versionId, time, manifest version, digest,",
        "approval of the digest, who published it and, for rollbacks, the version it restored."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc history s3://ml-config/support-answer/manifest.json",
        "  mvc history s3://ml-config/support-answer/manifest.json --json | jq '.versions[0]'",
        Help.EXIT_CODES})
public final class HistoryCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "S3_URI", description = "The manifest key: s3://bucket/key.")
  String uri;

  @Mixin
  S3Options s3Options;

  @Mixin
  AwsOptions aws;

  @Override
  protected int run() {
    S3Location location = S3Options.location(uri).withoutVersionId();
    List<ManifestVersion> versions = ManifestRepository.builder().client(aws.s3()).location(location)
        .approvalRegistry(s3Options.approvals(aws, location)).build().history();
    if (versions.isEmpty()) {
      throw new CliException(ExitCode.NOT_FOUND, "no versions of " + location + " exist",
          "check the bucket and key, or publish a first version with mvc publish");
    }
    if (json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (ManifestVersion v : versions) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("versionId", v.versionId());
        one.put("current", v.current());
        one.put("lastModified", v.lastModified().toString());
        one.put("name", v.name());
        one.put("version", v.version());
        one.put("digest", v.digest());
        one.put("approval", v.approval().wireName());
        one.put("publishedBy", v.publishedBy());
        one.put("restoredFrom", v.restoredFrom());
        one.put("size", v.size());
        list.add(one);
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("uri", location.toString());
      r.put("versions", list);
      printJson(r);
      return ExitCode.OK;
    }
    PrintWriter out = out();
    out.println(location);
    for (ManifestVersion v : versions) {
      out.println((v.current() ? "* " : "  ") + v.versionId() + "  " + v.lastModified() + "  "
          + (v.version() == null ? "-" : v.version()) + "  " + (v.digest() == null ? "(not a manifest)" : v.digest())
          + "  " + v.approval().wireName()
          + (v.publishedBy() == null ? "" : "  by " + v.publishedBy())
          + (v.restoredFrom() == null ? "" : "  restored from " + v.restoredFrom()));
    }
    return ExitCode.OK;
  }
}
