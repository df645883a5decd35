package io.scimlab.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox's command line: flags, with the tokens also taken from the environment so they need not appear
 * in a process listing.
 *
 * @param port the SCIM endpoint's port on 127.0.0.1
 * @param token the SCIM bearer token the IdP sends
 * @param gitlabPort the embedded fake GitLab's port (0: a free one)
 * @param gitlabToken the fake GitLab's admin token, or the real GitLab's token
 * @param gitlabCom whether to bridge as on GitLab.com (group SCIM + members API) instead of self-managed
 * @param mapping the role mapping file, or empty for the demo mapping
 * @param strict RFC-strict parsing instead of IdP-lenient
 * @param gitlabUrl a real GitLab to bridge to instead of the fake
 * @param gitlabGroup the top-level group (GitLab.com mode)
 * @param gitlabScimToken the group SCIM token (GitLab.com mode against a real GitLab)
 * @param adminPort the admin endpoint's port on 127.0.0.1 (0: a free one); only with the embedded fake
 * @param adminToken the admin endpoint's bearer token (fault injection, seeding), separate from the others
 * @param report where to write the access report before exiting (one-shot: start, write, stop), or empty to run
 * @param reportPort the access report endpoint's port on 127.0.0.1 (0: a free one)
 * @param reportToken the access report endpoint's bearer token, separate from the others
 */
public record SandboxOptions(int port, String token, int gitlabPort, Optional<String> gitlabToken, boolean gitlabCom,
        Optional<Path> mapping, boolean strict, Optional<String> gitlabUrl, String gitlabGroup,
        Optional<String> gitlabScimToken, int adminPort, String adminToken, Optional<Path> report, int reportPort,
        String reportToken) {

    /** The usage text printed by {@code --help} and after a bad flag. */
    public static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar scim-sandbox.jar [options]",
            "  --port N              SCIM endpoint port on 127.0.0.1 (default 8080)",
            "  --token T             SCIM bearer token (or env SCIMLAB_TOKEN; default: a random one)",
            "  --gitlab-port N       fake GitLab port (default 0: a free port)",
            "  --gitlab-token T      fake GitLab admin token (or env GITLAB_TOKEN; default: a random one)",
            "  --mode M              selfManaged (default) or gitlabCom",
            "  --mapping FILE        role mapping JSON file (default: the demo mapping)",
            "  --strict              RFC-strict parsing instead of IdP-lenient",
            "  --gitlab-url URL      bridge to a real GitLab instead of the fake (token from GITLAB_TOKEN)",
            "  --gitlab-group PATH   top-level group (default demo; gitlabCom mode)",
            "  --check-gitlab URL    check a real GitLab (read-only) before connecting an IdP, print a table, exit",
            "  --admin-port N        admin endpoint port for fault injection and seeding (default 0: a free port;",
            "                        only with the embedded fake)",
            "  --admin-token T       admin endpoint token (or env SCIMLAB_ADMIN_TOKEN; default: a random one)",
            "  --report FILE         write the access report to FILE (.csv: CSV, else JSON lines; - for stdout), exit",
            "  --report-port N       access report endpoint port, GET /_report?format=csv|jsonl (default 0: a free",
            "                        port, on 127.0.0.1)",
            "  --report-token T      access report endpoint token (or env SCIMLAB_REPORT_TOKEN; default: a random one)",
            "  --help                this text");

    /** Checks the components. */
    public SandboxOptions {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(gitlabToken, "gitlabToken");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(gitlabUrl, "gitlabUrl");
        Objects.requireNonNull(gitlabGroup, "gitlabGroup");
        Objects.requireNonNull(gitlabScimToken, "gitlabScimToken");
        Objects.requireNonNull(adminToken, "adminToken");
    }

    /**
     * Parses the command line.
     *
     * @param args the arguments
     * @param env the environment ({@code SCIMLAB_TOKEN}, {@code GITLAB_TOKEN}, {@code GITLAB_SCIM_TOKEN},
     *            {@code SCIMLAB_ADMIN_TOKEN}, {@code SCIMLAB_REPORT_TOKEN}); tokens lose surrounding whitespace (a secret file's line end)
     * @param randomToken makes a token when none is given
     * @return the options
     * @throws IllegalArgumentException with a one-line message for a bad flag, value or file
     */
    public static SandboxOptions parse(String[] args, Map<String, String> env,
            java.util.function.Supplier<String> randomToken) {
        int port = 8080;
        int gitlabPort = 0;
        String token = env.get("SCIMLAB_TOKEN");
        String gitlabToken = env.get("GITLAB_TOKEN");
        String adminToken = env.get("SCIMLAB_ADMIN_TOKEN");
        int adminPort = 0;
        String reportToken = env.get("SCIMLAB_REPORT_TOKEN");
        int reportPort = 0;
        Path report = null;
        boolean gitlabCom = false;
        Path mapping = null;
        boolean strict = false;
        String gitlabUrl = null;
        String group = "demo";
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--port" -> port = port(value(args, ++i, flag), flag);
                case "--gitlab-port" -> gitlabPort = port(value(args, ++i, flag), flag);
                case "--token" -> token = value(args, ++i, flag);
                case "--gitlab-token" -> gitlabToken = value(args, ++i, flag);
                case "--mode" -> {
                    String mode = value(args, ++i, flag);
                    if (mode.equalsIgnoreCase("gitlabCom")) {
                        gitlabCom = true;
                    } else if (mode.equalsIgnoreCase("selfManaged")) {
                        gitlabCom = false;
                    } else {
                        throw new IllegalArgumentException("--mode must be selfManaged or gitlabCom, not " + mode);
                    }
                }
                case "--mapping" -> {
                    mapping = Path.of(value(args, ++i, flag));
                    if (!Files.isReadable(mapping) || Files.isDirectory(mapping)) {
                        throw new IllegalArgumentException("--mapping: cannot read the file " + mapping);
                    }
                }
                case "--strict" -> strict = true;
                case "--gitlab-url" -> gitlabUrl = value(args, ++i, flag);
                case "--gitlab-group" -> group = value(args, ++i, flag);
                case "--admin-port" -> adminPort = port(value(args, ++i, flag), flag);
                case "--admin-token" -> adminToken = value(args, ++i, flag);
                case "--report" -> report = Path.of(value(args, ++i, flag));
                case "--report-port" -> reportPort = port(value(args, ++i, flag), flag);
                case "--report-token" -> reportToken = value(args, ++i, flag);
                default -> throw new IllegalArgumentException("unknown option " + flag + " (see --help)");
            }
        }
        token = stripped(token);
        gitlabToken = stripped(gitlabToken);
        adminToken = stripped(adminToken);
        reportToken = stripped(reportToken);
        if (gitlabUrl != null && (gitlabToken == null || gitlabToken.isBlank())) {
            throw new IllegalArgumentException("--gitlab-url needs the GitLab token in GITLAB_TOKEN");
        }
        if (gitlabUrl != null && !gitlabUrl.startsWith("http://") && !gitlabUrl.startsWith("https://")) {
            throw new IllegalArgumentException("--gitlab-url must start with http:// or https://");
        }
        String scimToken = stripped(env.get("GITLAB_SCIM_TOKEN"));
        if (adminToken != null && !adminToken.isBlank() && (adminToken.equals(token) || adminToken.equals(gitlabToken)
                || adminToken.equals(scimToken))) {
            throw new IllegalArgumentException("the admin token must differ from the SCIM and GitLab tokens");
        }
        if (reportToken != null && !reportToken.isBlank() && (reportToken.equals(token)
                || reportToken.equals(gitlabToken) || reportToken.equals(scimToken) || reportToken.equals(adminToken))) {
            throw new IllegalArgumentException("the report token must differ from the SCIM, GitLab and admin tokens");
        }
        if (gitlabUrl != null && gitlabCom && (scimToken == null || scimToken.isBlank())) {
            throw new IllegalArgumentException("--mode gitlabCom with --gitlab-url needs GITLAB_SCIM_TOKEN");
        }
        return new SandboxOptions(port, token == null || token.isBlank() ? randomToken.get() : token, gitlabPort,
                Optional.ofNullable(gitlabToken).filter(t -> !t.isBlank()), gitlabCom, Optional.ofNullable(mapping),
                strict, Optional.ofNullable(gitlabUrl), group, Optional.ofNullable(scimToken), adminPort,
                adminToken == null || adminToken.isBlank() ? "admin-" + randomToken.get() : adminToken,
                Optional.ofNullable(report), reportPort,
                reportToken == null || reportToken.isBlank() ? "report-" + randomToken.get() : reportToken);
    }

    private static @Nullable String stripped(@Nullable String value) {
        return value == null ? null : value.strip();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int port(String text, String flag) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wrong
        }
        throw new IllegalArgumentException(flag + " must be a port number from 0 to 65535, not " + text);
    }

    /** Masks the tokens. */
    @Override
    public String toString() {
        return "SandboxOptions{port=" + port + ", gitlabPort=" + gitlabPort + ", gitlabCom=" + gitlabCom + ", mapping="
                + mapping.map(Path::toString).orElse("demo") + ", strict=" + strict + ", gitlabUrl="
                + gitlabUrl.orElse("fake") + ", adminPort=" + adminPort + ", reportPort=" + reportPort + ", tokens=****}";
    }
}
