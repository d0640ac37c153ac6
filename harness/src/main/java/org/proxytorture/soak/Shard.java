package org.proxytorture.soak;

import java.util.Map;
import org.proxytorture.config.BadInputException;

/**
 * One of N shards of a soak (issue 18, item 8): shard {@code index} runs the run numbers
 * {@code seq} with {@code seq % count == index}, so N shards of the same recipe run exactly the
 * runs of one unsharded soak of the same range (with --runs), and {@code soak merge} puts their
 * ledgers together. Indices count from 0, as Kubernetes' JOB_COMPLETION_INDEX does.
 */
public record Shard(int index, int count) {
    public static final Shard WHOLE = new Shard(0, 1);
    static final int MAX = 100_000;
    static final String ACCEPTED = "i/N with 0 <= i < N <= " + MAX + ", e.g. --shard 0/3; 'auto/N' for i from JOB_COMPLETION_INDEX"
            + " (a Kubernetes Indexed Job of N completions) or SLURM_ARRAY_TASK_ID; 'auto' for a Slurm job array (N from SLURM_ARRAY_TASK_COUNT)";

    public Shard {
        if (count < 1 || count > MAX || index < 0 || index >= count)
            throw new BadInputException("--shard " + index + "/" + count + ": out of range (accepted: " + ACCEPTED + ")");
    }

    /** The shard of run number {@code seq}. */
    public boolean owns(long seq) {
        return seq % count == index;
    }

    /** How many of the run numbers below {@code limit} are this shard's. */
    public long runsBelow(long limit) {
        return limit <= index ? 0 : (limit - index + count - 1) / count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    /**
     * --shard's text: "i/N"; "auto/N" (i from a Kubernetes Indexed Job's JOB_COMPLETION_INDEX, or
     * from a Slurm array's SLURM_ARRAY_TASK_ID less SLURM_ARRAY_TASK_MIN); "auto" (a Slurm array:
     * N from SLURM_ARRAY_TASK_COUNT). Bad input if the text or the environment does not say.
     */
    public static Shard parse(String text, Map<String, String> env) {
        String t = text.trim();
        String[] parts = t.split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty()) throw bad(t, "not i/N");
        Integer n = parts.length == 2 ? number(t, parts[1]) : null;
        if (!parts[0].equals("auto")) {
            if (n == null) throw bad(t, "no shard count");
            return new Shard(number(t, parts[0]), n);
        }
        String k8s = env.get("JOB_COMPLETION_INDEX");
        String slurm = env.get("SLURM_ARRAY_TASK_ID");
        if (k8s != null) {
            if (n == null) throw bad(t, "JOB_COMPLETION_INDEX=" + k8s + " but no shard count (a Kubernetes Job's completions: --shard auto/N)");
            return new Shard(number(t, k8s), n);
        }
        if (slurm != null) {
            int min = env.containsKey("SLURM_ARRAY_TASK_MIN") ? number(t, env.get("SLURM_ARRAY_TASK_MIN")) : 0;
            String count = env.get("SLURM_ARRAY_TASK_COUNT");
            if (n == null && count == null) throw bad(t, "SLURM_ARRAY_TASK_ID=" + slurm + " but no SLURM_ARRAY_TASK_COUNT");
            int c = count != null ? number(t, count) : n;
            if (n != null && n != c) throw bad(t, "SLURM_ARRAY_TASK_COUNT=" + count + " is not " + n);
            return new Shard(number(t, slurm) - min, c);
        }
        throw bad(t, "neither JOB_COMPLETION_INDEX nor SLURM_ARRAY_TASK_ID is set");
    }

    private static int number(String text, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw bad(text, "'" + s + "' is not a number");
        }
    }

    private static BadInputException bad(String text, String why) {
        return new BadInputException("--shard " + text + ": " + why + " (accepted: " + ACCEPTED + ")");
    }
}
