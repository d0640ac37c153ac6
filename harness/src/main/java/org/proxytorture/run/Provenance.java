package org.proxytorture.run;

/**
 * Where a run's result came from: the model version its event hash belongs to, the harness's
 * version and git commit, the Java it ran on and the host. {@link #UNKNOWN} where it was not
 * recorded (a summary.json from before it was, a run that did not start).
 */
public record Provenance(String model, String harness, String commit, String java, String host) {
    public static final Provenance UNKNOWN = new Provenance("", "", "", "", "");

    public boolean known() {
        return !model.isEmpty();
    }
}
