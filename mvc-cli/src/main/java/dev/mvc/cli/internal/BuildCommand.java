package dev.mvc.cli.internal;

import dev.mvc.VersionManifest;
import dev.mvc.cli.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mvc build}: a manifest from a config repository at a git ref. */
@Command(
    name = "build",
    description = {
        "Build a manifest from a config repository at a git ref.",
        "",
        "Build a manifest from a config repository: prompts/*.txt plus config/bedrock-config.json or",
        "config/sagemaker-config.json (keys are the manifest's fields in snake_case: model_id,",
        "inference_config.max_tokens, prompt_template_file, system_prompt_file, provenance, ...).",
        "Prompt text is pinned by SHA-256, provenance.gitSha is the commit of the ref and createdAt its",
        "commit time, so the same ref always gives the same digest.",
        "",
        "Without --ref the work tree at HEAD is read and uncommitted changes are refused unless",
        "--allow-dirty, which marks the manifest provenance.dirty=true. With --ref the committed files",
        "of that ref are read through git, whatever the work tree holds.",
        "",
        "prompt_template_version, when it is a commit SHA, must hold the template exactly as built;",
        "a placeholder or no value is reported and the build's commit is recorded. Without",
        "system_prompt_file, prompts/system-prompt.txt is the system prompt when it exists.",
        "",
        "A Bedrock config also pins the Converse request: tools (array of name, description,",
        "input_schema) or tools_file (a JSON file holding that array), tool_choice (\"auto\", \"any\" or",
        "{\"tool\": name}), cache_points (system, tools, history), max_tool_rounds, request_metadata,",
        "service_tier and latency. A bad value fails naming the file and the key path.",
        "",
        "config/agent-config.json (agent_name, description, foundation_model, instructions,",
        "action_groups with name, description, functions, api_schema_file, parent_action_signature)",
        "is checked for unknown keys and hashed; when the Bedrock config targets an agent, its",
        "instructions and action groups are pinned as model.bedrock.agent.instructionSha256 and",
        "actionGroupsSha256, and its foundation_model must be model_id. Otherwise its functions",
        "become prompt.tools (unless the config declares tools), a function no Converse tool can",
        "express is refused by name, and its instructions are the system prompt only when there is",
        "neither system_prompt_file nor prompts/system-prompt.txt."},
    footerHeading = Help.EXAMPLES,
    footer = {
        "  mvc build --repo config-repo -o manifest.json",
        "  mvc build --repo . --ref v1.4.0 -o manifest.json --json",
        "  mvc build --repo config-repo --allow-dirty > manifest.json",
        Help.EXIT_CODES})
public final class BuildCommand extends CommandBase {
  @Option(names = "--repo", paramLabel = "DIR", required = true, description = "The config repository (a git work tree).")
  Path repo;

  @Option(names = "--ref", paramLabel = "GITREF", description = "Commit, tag or branch to build (default: the work tree at HEAD).")
  @Nullable String ref;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the manifest here (default: standard output).")
  @Nullable Path output;

  @Option(names = "--allow-dirty", description = "Build from a work tree with uncommitted changes; marks provenance.dirty=true.")
  boolean allowDirty;

  @Override
  protected int run() throws IOException {
    if (!Files.isDirectory(repo)) {
      throw new CliException(ExitCode.NOT_FOUND, "config repository " + repo + " does not exist",
          "point --repo at the directory holding prompts/ and config/");
    }
    Git git = new Git(repo);
    if (!git.run("rev-parse", "--is-inside-work-tree").ok()) {
      throw new CliException(ExitCode.USAGE, repo + " is not in a git work tree",
          "run git init, git add and git commit in it, or point --repo at a clone of the config repository");
    }
    String refName = ref == null ? "HEAD" : ref;
    Git.Result resolved = git.run("rev-parse", "--verify", "--quiet", refName + "^{commit}");
    if (!resolved.ok()) {
      throw new CliException(ExitCode.NOT_FOUND, "git ref " + refName + " does not exist in " + repo,
          ref == null ? "commit the config repository first" : "check the ref name, or git fetch it");
    }
    String sha = resolved.text();
    Instant createdAt = Instant.ofEpochSecond(Long.parseLong(git.require("show", "-s", "--format=%ct", sha).text()));
    boolean dirty = false;
    if (ref == null) {
      String status = git.require("status", "--porcelain", "--untracked-files=all", "--", ".").text();
      if (!status.isEmpty()) {
        if (!allowDirty) {
          List<String> lines = status.lines().toList();
          throw new CliException(ExitCode.CHECK_FAILED, "the work tree of " + repo + " has uncommitted changes ("
              + lines.size() + ": " + String.join(", ", lines.subList(0, Math.min(3, lines.size())).stream()
                  .map(String::strip).toList()) + (lines.size() > 3 ? ", ..." : "") + ")",
              "commit them, build a committed ref with --ref, or pass --allow-dirty to mark the manifest dirty");
        }
        dirty = true;
      }
    }
    ConfigRepo.Files files = dirty ? workTree() : committed(git, sha);
    String config = configPath(files);
    ConfigRepo.Built built = ConfigRepo.build(config, files, commits(git), sha, createdAt, dirty);
    VersionManifest manifest = built.manifest();
    String text = manifest.toJson() + "\n";
    if (output != null) {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path tmp = Files.createTempFile(parent, ".mvc-build", ".json");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", manifest.name());
      r.put("version", manifest.version());
      r.put("digest", manifest.digest());
      r.put("provider", manifest.model().provider());
      r.put("config", config);
      r.put("ref", refName);
      r.put("gitSha", sha);
      r.put("createdAt", createdAt.toString());
      r.put("dirty", dirty);
      r.put("notes", built.notes());
      if (built.agentConfigSha256() != null) {
        r.put("agentConfig", Map.of("path", ConfigRepo.AGENT_CONFIG, "sha256", built.agentConfigSha256()));
      }
      r.put("output", output == null ? null : output.toString());
      if (output == null) {
        r.put("manifest", ManifestFields.tree(manifest));
      }
      printJson(r);
    } else if (output == null) {
      out().print(text);
      err().println("built " + manifest.name() + " " + manifest.version() + " " + manifest.digest()
          + " from " + config + " at " + sha + (dirty ? " (dirty work tree)" : ""));
      built.notes().forEach(n -> err().println("  note:  " + n));
    } else {
      out().println("built " + manifest.name() + " " + manifest.version() + " " + manifest.digest());
      out().println("  from:  " + config + " at " + refName + " " + sha + (dirty ? " (dirty work tree)" : ""));
      built.notes().forEach(n -> out().println("  note:  " + n));
      out().println("  wrote: " + output);
    }
    return ExitCode.OK;
  }

  private String configPath(ConfigRepo.Files files) {
    boolean bedrock = exists(files, ConfigRepo.BEDROCK_CONFIG);
    boolean sagemaker = exists(files, ConfigRepo.SAGEMAKER_CONFIG);
    if (bedrock && sagemaker) {
      throw new CliException(ExitCode.CHECK_FAILED, repo + " has both " + ConfigRepo.BEDROCK_CONFIG + " and "
          + ConfigRepo.SAGEMAKER_CONFIG, "keep one config per repository (or per directory given to --repo)");
    }
    if (!bedrock && !sagemaker) {
      throw new CliException(ExitCode.NOT_FOUND, repo + " has neither " + ConfigRepo.BEDROCK_CONFIG + " nor "
          + ConfigRepo.SAGEMAKER_CONFIG + (ref == null ? "" : " at " + ref),
          "add one (see samples/config-repo) and commit it");
    }
    return bedrock ? ConfigRepo.BEDROCK_CONFIG : ConfigRepo.SAGEMAKER_CONFIG;
  }

  private static boolean exists(ConfigRepo.Files files, String path) {
    try {
      files.read(path);
      return true;
    } catch (CliException e) {
      if (e.exitCode() == ExitCode.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private ConfigRepo.Files workTree() {
    return path -> {
      try {
        return UserFiles.read(repo.resolve(path), "file", UserFiles.MAX_BYTES);
      } catch (CliException e) {
        if (e.exitCode() == ExitCode.NOT_FOUND) {
          throw new CliException(ExitCode.NOT_FOUND, "file " + path + " does not exist in " + repo,
              "add it, or correct the path in the config", e);
        }
        throw e;
      }
    };
  }

  private static ConfigRepo.Commits commits(Git git) {
    return new ConfigRepo.Commits() {
      @Override
      public @Nullable String resolve(String commit) {
        Git.Result r = git.run("rev-parse", "--verify", "--quiet", commit + "^{commit}");
        return r.ok() ? r.text() : null;
      }

      @Override
      public byte @Nullable [] readAt(String commitSha, String path) {
        Git.Result r = git.run("show", commitSha + ":./" + path);
        return r.ok() ? r.stdout() : null;
      }
    };
  }

  private ConfigRepo.Files committed(Git git, String sha) {
    return path -> {
      Git.Result r = git.run("show", sha + ":./" + path);
      if (!r.ok()) {
        throw new CliException(ExitCode.NOT_FOUND, "file " + path + " is not in commit " + sha + " of " + repo,
            "commit it, or correct the path in the config");
      }
      return r.stdout();
    };
  }
}
