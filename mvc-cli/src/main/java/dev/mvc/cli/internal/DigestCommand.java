package dev.mvc.cli.internal;

import dev.mvc.VersionManifest;
import dev.mvc.cli.ExitCode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mvc digest}: the manifest digest, for scripts. */
@Command(
    name = "digest",
    description = {
        "Print the digest of a manifest.",
        "",
        "Print the manifest digest: sha256 of its RFC 8785 canonical JSON. Key order and white space",
        "do not change it; any value does. The manifest is parsed strictly; the policy is not applied."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc digest manifest.json",
        "  test \"$(mvc digest a.json)\" = \"$(mvc digest b.json)\"",
        Help.EXIT_CODES})
public final class DigestCommand extends CommandBase {
  @Parameters(index = "0", paramLabel = "FILE|URI", description = "Manifest path or URI.")
  String uri;

  @Mixin
  AwsOptions aws;

  @Override
  protected int run() {
    ManifestAccess.Fetched fetched = ManifestAccess.fetch(uri, Sources.factory(aws));
    VersionManifest m = fetched.parse();
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("digest", m.digest());
      r.put("name", m.name());
      r.put("version", m.version());
      r.put("source", fetched.ref().pinnedUri());
      printJson(r);
    } else {
      out().println(m.digest());
    }
    return ExitCode.OK;
  }
}
