package org.proxytorture.cli;

import org.proxytorture.explore.ReplayFile;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code -V} / {@code --version} of every command: the build's version, read from the jar's
 * manifest (Implementation-Version, which the shade plugin writes from the pom's version: the one
 * place it is typed), and the model version replay files are checked against.
 */
public final class Version implements IVersionProvider {
    /** The jar's Implementation-Version, or null when the classes do not come from the built jar (a test, an IDE). */
    public static String implementationVersion() {
        return Version.class.getPackage().getImplementationVersion();
    }

    /** "proxytorture 0.1.0-SNAPSHOT", or a plain statement that the version is not known. */
    public static String line() {
        String v = implementationVersion();
        return "proxytorture " + (v != null ? v : "(version unknown: not run from the built jar)");
    }

    @Override
    public String[] getVersion() {
        return new String[] {line(), "model " + ReplayFile.MODEL_VERSION + " (replay files of another model version are refused)",
                "Java " + System.getProperty("java.version")};
    }
}
