package org.proxytorture.soak;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where and with what a soak runs, kept on every run's row (shards run on many machines): the
 * harness's version and git commit, the Java version and the host's name.
 */
public record Host(String harnessVersion, String gitCommit, String javaVersion, String name) {

    /**
     * This JVM on this machine; the commit of the checkout the harness was loaded from (its jar or
     * classes directory: harness/target/...), whatever the working directory; "unknown" outside one.
     */
    public static Host probe(String harnessVersion) {
        return new Host(harnessVersion == null ? "unknown" : harnessVersion, gitCommit(codeDir()), System.getProperty("java.version"), hostName());
    }

    private static Path codeDir() {
        try {
            Path p = Path.of(Host.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return java.nio.file.Files.isDirectory(p) ? p : p.getParent();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of(".");
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** git rev-parse HEAD in {@code dir} (with "-dirty" if the tree has changes), or "unknown". */
    static String gitCommit(Path dir) {
        String head = git(dir, "rev-parse", "HEAD");
        if (head == null) return "unknown";
        String status = git(dir, "status", "--porcelain", "--untracked-files=no");
        return status == null || status.isEmpty() ? head : head + "-dirty";
    }

    private static String git(Path dir, String... args) {
        try {
            String[] cmd = new String[args.length + 3];
            cmd[0] = "git";
            cmd[1] = "-C";
            cmd[2] = dir.toString();
            System.arraycopy(args, 0, cmd, 3, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
