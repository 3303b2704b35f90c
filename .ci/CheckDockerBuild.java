import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The image's build stage without a Docker engine (run by .ci/check-docker-build): reads the
 * Dockerfile, copies the build context it would get (honouring .dockerignore) into a temporary
 * directory exactly as its COPY lines say, runs its RUN steps there with the repository's Maven
 * Wrapper in place of {@code mvn} (the local repository as the cache), and then checks what the
 * final stage copies into the image: a lib directory with the launcher in it and no broker jar.
 *
 * <p>A Dockerfile instruction this check cannot reproduce fails it, so that the check never
 * passes by skipping what would break the real build.
 */
public final class CheckDockerBuild {
    private static final Pattern FORBIDDEN_JAR = Pattern.compile("(kafka_2\\.1[0-9]|scala-(library|reflect))-.*\\.jar");

    private record Instruction(String keyword, String args, int line) {
    }

    private record Stage(String name, String base, List<Instruction> instructions) {
    }

    public static void main(String[] args) throws Exception {
        try {
            check(args);
        } catch (IllegalStateException e) {
            System.err.println("check-docker-build: FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void check(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path dockerfile = repo.resolve("Dockerfile");
        List<Stage> stages = parse(Files.readAllLines(dockerfile));
        Stage last = stages.get(stages.size() - 1);

        Path work = Files.createTempDirectory("check-docker-build");
        try {
            checkIn(work, repo, stages, last);
        } finally {
            deleteRecursively(work);
        }
    }

    private static void checkIn(Path work, Path repo, List<Stage> stages, Stage last) throws Exception {
        Path context = work.resolve("context");
        copyContext(repo, context, ignorePatterns(repo.resolve(".dockerignore")));
        System.out.println("context: " + countFiles(context) + " files (honouring .dockerignore) in " + context);

        Map<String, Path> stageRoots = new LinkedHashMap<>();
        for (Stage stage : stages) {
            if (stage == last) {
                break;
            }
            Path root = work.resolve("stage-" + stageRoots.size());
            stageRoots.put(stage.name(), root);
            runStage(stage, root, context, repo);
        }

        Path imageLib = null;
        String entrypointMain = null;
        for (Instruction in : last.instructions()) {
            if (in.keyword().equals("COPY") && in.args().startsWith("--from=")) {
                String[] parts = in.args().split("\\s+");
                String from = parts[0].substring("--from=".length());
                Path root = stageRoots.get(from);
                if (root == null) {
                    fail(in, "copies from stage '" + from + "', which this check did not build");
                }
                Path source = inStage(root, parts[1]);
                if (!Files.exists(source)) {
                    fail(in, "copies " + parts[1] + " from stage " + from + ", which its build did not produce");
                }
                if (parts[2].replaceAll("/$", "").equals("/app/lib")) {
                    imageLib = source;
                }
            } else if (in.keyword().equals("ENTRYPOINT")) {
                Matcher m = Pattern.compile("\"([^\"]+)\"\\s*]\\s*$").matcher(in.args());
                entrypointMain = m.find() ? m.group(1) : null;
            }
        }
        if (imageLib == null) {
            throw new IllegalStateException("The Dockerfile's last stage copies nothing into /app/lib from a build stage.");
        }
        List<String> jars;
        try (Stream<Path> list = Files.list(imageLib)) {
            jars = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> forbidden = jars.stream().filter(j -> FORBIDDEN_JAR.matcher(j).matches()).toList();
        if (!forbidden.isEmpty()) {
            throw new IllegalStateException("The image's /app/lib would hold Kafka's broker or Scala, which only the local "
                    + "launcher may use: " + forbidden);
        }
        if (jars.stream().noneMatch(j -> j.startsWith("launcher-"))) {
            throw new IllegalStateException("The image's /app/lib would have no launcher jar: " + jars);
        }
        System.out.println("image /app/lib: " + jars.size() + " jars, none of them kafka_2.13 or Scala");
        if (entrypointMain != null) {
            // The image's own entry point on exactly the image's jars: a missing dependency shows here.
            Process p = new ProcessBuilder(javaCommand(), "-cp", imageLib + "/*", entrypointMain, "--help")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 || !out.contains("Usage:")) {
                throw new IllegalStateException("The image's entry point " + entrypointMain + " --help failed on /app/lib:\n" + out);
            }
            System.out.println("image entry point: " + entrypointMain + " --help runs on /app/lib alone");
        }
        System.out.println("check-docker-build: the image's build stage passes.");
    }

    /** Instructions per stage; continuation lines joined, comments and parser directives dropped. */
    static List<Stage> parse(List<String> lines) {
        List<Stage> stages = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int startLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (!current.isEmpty() && trimmed.startsWith("#")) {
                continue;
            }
            if (current.isEmpty()) {
                startLine = i + 1;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            current.setLength(0);
            int space = text.indexOf(' ');
            String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase();
            String rest = space < 0 ? "" : text.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                String[] parts = rest.split("\\s+");
                String name = parts.length >= 3 && parts[1].equalsIgnoreCase("AS") ? parts[2] : Integer.toString(stages.size());
                stages.add(new Stage(name, parts[0], new ArrayList<>()));
            } else if (stages.isEmpty()) {
                throw new IllegalStateException("Dockerfile line " + startLine + ": " + keyword + " before the first FROM");
            } else {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, rest, startLine));
            }
        }
        return stages;
    }

    private static void runStage(Stage stage, Path root, Path context, Path repo) throws Exception {
        System.out.println("stage " + stage.name() + " (FROM " + stage.base() + ")");
        Files.createDirectories(root);
        String workdir = "/";
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction in : stage.instructions()) {
            switch (in.keyword()) {
                case "WORKDIR" -> {
                    workdir = in.args().startsWith("/") ? in.args() : workdir + "/" + in.args();
                    Files.createDirectories(inStage(root, workdir));
                }
                case "ENV" -> {
                    Matcher m = Pattern.compile("(\\w+)=(\\S+)").matcher(in.args());
                    while (m.find()) {
                        env.put(m.group(1), m.group(2));
                    }
                }
                case "ARG", "LABEL" -> {
                    // Build arguments and labels do not change what the Maven steps produce.
                }
                case "COPY", "ADD" -> copy(in, context, root, workdir);
                case "RUN" -> run(in, root, workdir, env, repo);
                default -> fail(in, "is not reproduced by this check; extend .ci/CheckDockerBuild.java");
            }
        }
    }

    /** COPY SRC… DEST, sources relative to the context, with Docker's rules for directories and trailing '/'. */
    private static void copy(Instruction in, Path context, Path root, String workdir) throws IOException {
        List<String> parts = new ArrayList<>(List.of(in.args().split("\\s+")));
        parts.removeIf(p -> p.startsWith("--chown") || p.startsWith("--chmod") || p.startsWith("--link"));
        if (parts.stream().anyMatch(p -> p.startsWith("--"))) {
            fail(in, "has an option this check does not reproduce");
        }
        if (parts.size() < 2) {
            fail(in, "names no source or no destination");
        }
        String dest = parts.get(parts.size() - 1);
        Path target = inStage(root, dest.startsWith("/") ? dest : workdir + "/" + dest);
        for (String source : parts.subList(0, parts.size() - 1)) {
            if (source.contains("*") || source.contains("?")) {
                fail(in, "uses a wildcard, which this check does not reproduce");
            }
            Path from = context.resolve(source).normalize();
            if (!from.startsWith(context) || !Files.exists(from)) {
                fail(in, "copies " + source + ", which is not in the build context (see .dockerignore)");
            }
            if (Files.isDirectory(from)) {
                copyTree(from, target);
            } else {
                Path to = dest.endsWith("/") || Files.isDirectory(target) ? target.resolve(from.getFileName()) : target;
                Files.createDirectories(to.getParent());
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * RUN in the stage's working directory. {@code mvn} becomes the repository's Maven Wrapper;
     * the local repository is only read: anything the step downloads or installs goes to a
     * repository of its own, so the check never changes the shared ~/.m2.
     */
    private static void run(Instruction in, Path root, String workdir, Map<String, String> env, Path repo) throws Exception {
        String command = in.args();
        if (command.startsWith("[")) {
            fail(in, "uses the exec form, which this check does not reproduce");
        }
        command = command.replaceAll("(^|\\s)--(mount|network|security)=\\S+", " ").strip();
        String mvnw = repo.resolve("mvnw").toString();
        command = command.replaceAll("(^|&&|\\|\\||;|\\|)(\\s*)mvn(?=\\s)", "$1$2" + Matcher.quoteReplacement(mvnw));
        String stageDir = inStage(root, workdir).toString();
        // Absolute paths into the working directory (as whole words, not "model/src") point into the copy.
        command = command.replaceAll("(?<=^|[\\s=:])" + Pattern.quote(workdir) + "(?=/|\\s|$)", Matcher.quoteReplacement(stageDir));
        System.out.println("RUN (Dockerfile line " + in.line() + "): " + command);
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", command)
                .directory(inStage(root, workdir).toFile()).inheritIO();
        pb.environment().putAll(env);
        Path localRepo = root.resolve(".m2-head");
        String home = System.getProperty("user.home");
        pb.environment().put("MAVEN_ARGS", String.join(" ",
                pb.environment().getOrDefault("MAVEN_ARGS", ""),
                "-Dmaven.repo.local=" + localRepo,
                "-Dmaven.repo.local.tail=" + Path.of(home, ".m2", "repository")).strip());
        int exit = pb.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("Dockerfile line " + in.line() + ": RUN failed (exit " + exit
                    + "), so the image's build would fail too.");
        }
    }

    /** .dockerignore patterns in order; '!' re-includes. */
    private static List<String> ignorePatterns(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> patterns = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String p = line.strip();
            if (p.isEmpty() || p.startsWith("#")) {
                continue;
            }
            boolean negated = p.startsWith("!");
            String body = negated ? p.substring(1).strip() : p;
            body = body.replaceAll("^/+", "").replaceAll("/+$", "");
            patterns.add((negated ? "!" : "") + body);
        }
        return patterns;
    }

    /** Docker's rule: the last pattern that matches the path or one of its parent directories decides. */
    static boolean ignored(String relative, List<String> patterns) {
        boolean ignored = false;
        for (String pattern : patterns) {
            boolean negated = pattern.startsWith("!");
            String body = negated ? pattern.substring(1) : pattern;
            if (matchesOrParentMatches(body, relative)) {
                ignored = !negated;
            }
        }
        return ignored;
    }

    private static boolean matchesOrParentMatches(String pattern, String path) {
        List<PathMatcher> matchers = new ArrayList<>();
        matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
        if (pattern.startsWith("**/")) {
            // Docker's "**" also matches no directory at all: **/target matches target at the root.
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
        }
        Path p = Path.of(path);
        while (p != null) {
            for (PathMatcher m : matchers) {
                if (m.matches(p)) {
                    return true;
                }
            }
            p = p.getParent();
        }
        return false;
    }

    private static void copyContext(Path repo, Path context, List<String> patterns) throws IOException {
        try (Stream<Path> walk = Files.walk(repo)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(repo) || !Files.isRegularFile(p)) {
                    continue;
                }
                String relative = repo.relativize(p).toString().replace('\\', '/');
                if (!ignored(relative, patterns)) {
                    Path to = context.resolve(relative);
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static Path inStage(Path root, String absolute) {
        return root.resolve(absolute.replaceAll("^/+", "")).normalize();
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void fail(Instruction in, String why) {
        throw new IllegalStateException("Dockerfile line " + in.line() + " (" + in.keyword() + " " + in.args() + ") " + why + ".");
    }
}
