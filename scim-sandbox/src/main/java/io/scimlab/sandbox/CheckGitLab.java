package io.scimlab.sandbox;

import io.scimlab.gitlab.mapping.RoleMapping;
import io.scimlab.gitlab.preflight.Preflight;
import io.scimlab.gitlab.preflight.PreflightReport;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar scim-sandbox.jar --check-gitlab URL}: the preflight of a real GitLab before an identity
 * provider is connected ({@link Preflight}), printed as a table. Read-only. The tokens come from the environment
 * ({@code GITLAB_TOKEN}, and {@code GITLAB_SCIM_TOKEN} for GitLab.com), never from the command line.
 *
 * <p>Exit status: 0 when nothing blocks provisioning, 1 when something does, 2 for a usage error.
 */
public final class CheckGitLab {
    /** The usage text. */
    public static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar scim-sandbox.jar --check-gitlab URL [options]",
            "  checks a GitLab (read-only) before an identity provider is connected; tokens from the environment:",
            "  GITLAB_TOKEN (an administrator's, or on GitLab.com a top-level group Owner's), GITLAB_SCIM_TOKEN",
            "  --mode M               selfManaged (default) or gitlabCom (implied by --gitlab-group)",
            "  --gitlab-group PATH    the top-level group (GitLab.com)",
            "  --mapping FILE         the role mapping JSON file: its groups and custom roles are checked",
            "  --identity-provider P  the provider name identities link by (default saml; GitLab.com group_saml)",
            "  exit status: 0 nothing blocks provisioning, 1 something does, 2 usage error");

    private CheckGitLab() {
    }

    /**
     * Whether the command line asks for the check.
     *
     * @param args the arguments
     * @return true when {@code --check-gitlab} is among them
     */
    public static boolean requested(String[] args) {
        return Arrays.asList(args).contains("--check-gitlab");
    }

    /**
     * Runs the check and prints its table.
     *
     * @param args the arguments
     * @param env  the environment ({@code GITLAB_TOKEN}, {@code GITLAB_SCIM_TOKEN})
     * @param out  where the table goes
     * @param err  where usage errors go
     * @return the exit status
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Preflight preflight;
        try {
            preflight = parse(args, env);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("scim-sandbox --check-gitlab: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        PreflightReport report = preflight.run();
        out.print(report.toTable());
        return report.blocksProvisioning() ? 1 : 0;
    }

    static Preflight parse(String[] args, Map<String, String> env) {
        String url = null;
        String group = null;
        Boolean gitlabCom = null;
        Path mapping = null;
        String provider = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--check-gitlab" -> url = value(args, ++i, flag);
                case "--gitlab-group" -> group = value(args, ++i, flag);
                case "--mapping" -> mapping = Path.of(value(args, ++i, flag));
                case "--identity-provider" -> provider = value(args, ++i, flag);
                case "--mode" -> {
                    String mode = value(args, ++i, flag);
                    if (!mode.equalsIgnoreCase("gitlabCom") && !mode.equalsIgnoreCase("selfManaged")) {
                        throw new IllegalArgumentException("--mode must be selfManaged or gitlabCom, not " + mode);
                    }
                    gitlabCom = mode.equalsIgnoreCase("gitlabCom");
                }
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (url == null || (!url.startsWith("http://") && !url.startsWith("https://"))) {
            throw new IllegalArgumentException("--check-gitlab needs the GitLab URL (http:// or https://)");
        }
        String token = env.get("GITLAB_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the GitLab token goes in the environment variable GITLAB_TOKEN");
        }
        boolean com = gitlabCom != null ? gitlabCom : group != null;
        Preflight.Builder b = Preflight.builder();
        if (com) {
            String scimToken = env.get("GITLAB_SCIM_TOKEN");
            if (group == null) {
                throw new IllegalArgumentException("--mode gitlabCom needs --gitlab-group PATH");
            }
            if (scimToken == null || scimToken.isBlank()) {
                throw new IllegalArgumentException("GitLab.com needs the group's SCIM token in GITLAB_SCIM_TOKEN");
            }
            b.gitlabCom(url, token, scimToken, group);
        } else {
            b.selfManaged(url, token);
        }
        if (mapping != null) {
            if (!Files.isReadable(mapping) || Files.isDirectory(mapping)) {
                throw new IllegalArgumentException("--mapping: cannot read the file " + mapping);
            }
            b.roleMapping(RoleMapping.fromJson(mapping));
        }
        if (provider != null) {
            b.identityProvider(provider);
        }
        return b.build();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
