package io.personaengine.node.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Medians, percentiles and sliding windows over measured values; the node tests use the windows too. */
public final class Stats {

    private Stats() {}

    static double median(Collection<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile, {@code p} in (0, 100]. */
    static double percentile(Collection<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** The most instants in any window [t, t + width); the busiest window starts at an instant. */
    public static int maxInAnyWindow(List<Instant> sorted, Duration width) {
        int max = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (j < sorted.size() && sorted.get(j).isBefore(sorted.get(i).plus(width))) {
                j++;
            }
            max = Math.max(max, j - i);
        }
        return max;
    }

    /** How many instants fall in [from, to). */
    static long countBetween(List<Instant> instants, Instant from, Instant to) {
        return instants.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
    }

    /**
     * The mean count in windows [s, s + width) over every start s (100 ms steps) whose window lies
     * inside [from, to].
     */
    public static double meanInWindows(List<Instant> sorted, Instant from, Instant to, Duration width) {
        long total = 0;
        int windows = 0;
        for (Instant start = from; !start.plus(width).isAfter(to); start = start.plusMillis(100)) {
            total += countBetween(sorted, start, start.plus(width));
            windows++;
        }
        return windows == 0 ? Double.NaN : (double) total / windows;
    }

    /**
     * The count in each window [s, s + width) for s = from, from + step, … while the window lies
     * inside [from, to]; {@code sorted} ascending.
     */
    static List<Double> countsInWindows(List<Instant> sorted, Instant from, Instant to, Duration width,
            Duration step) {
        List<Double> counts = new ArrayList<>();
        for (Instant start = from; !start.plus(width).isAfter(to); start = start.plus(step)) {
            counts.add((double) (firstAtOrAfter(sorted, start.plus(width)) - firstAtOrAfter(sorted, start)));
        }
        return counts;
    }

    /** The index of the first instant not before {@code t} in {@code sorted}, or its size. */
    private static int firstAtOrAfter(List<Instant> sorted, Instant t) {
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted.get(mid).isBefore(t)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    static String fmt(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(java.util.Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** Seconds as "12 ms" below one second, else "1.23 s". */
    static String seconds(double seconds) {
        if (Double.isNaN(seconds)) {
            return "n/a";
        }
        return Math.abs(seconds) < 1 ? fmt(seconds * 1000, 0) + " ms" : fmt(seconds, 2) + " s";
    }

    static String list(Collection<Double> values, int decimals) {
        return values.stream().map(v -> fmt(v, decimals)).reduce((a, b) -> a + ", " + b).orElse("");
    }
}
