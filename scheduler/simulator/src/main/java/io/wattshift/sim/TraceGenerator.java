package io.wattshift.sim;

import io.wattshift.engine.model.JobKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The built-in trace: a week of training gangs and inference services from five tenants, seeded and
 * deterministic. Arrivals follow a daily cycle (busier in working hours); training gangs of 1-32 workers run a
 * log-normal 12 h median, inference services a 36 h median: enough to keep the demo site's GPUs busy.
 */
public final class TraceGenerator {
    private static final String[] TENANTS = {"research", "vision", "llm", "ads", "search"};
    private static final int[] WORKERS = {1, 2, 2, 4, 4, 8, 8, 16, 16, 32};

    private TraceGenerator() {
    }

    public static Traces.Trace week(int jobs, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long week = 7 * 24 * 3600L;
        List<TraceJob> out = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            long submit = arrival(rnd, week);
            String tenant = TENANTS[rnd.nextInt(TENANTS.length)];
            if (rnd.nextDouble() < 0.7) {
                boolean small = rnd.nextDouble() < 0.2;
                int workers = small ? 1 : WORKERS[rnd.nextInt(WORKERS.length)];
                int gpus = small ? 1 << rnd.nextInt(3) : 8;
                double p = rnd.nextDouble();
                int priority = p < 0.4 ? 0 : p < 0.9 ? 50 : 100;
                out.add(new TraceJob(tenant + "/train-" + i, submit, logNormal(rnd, 12 * 3600, 1.0, 600, 96 * 3600),
                    JobKind.TRAINING, workers, gpus, priority, tenant, priority == 0));
            } else {
                int replicas = 1 + rnd.nextInt(6);
                int gpus = 1 << rnd.nextInt(4);
                int priority = rnd.nextDouble() < 0.6 ? 100 : 50;
                out.add(new TraceJob(tenant + "/serve-" + i, submit,
                    logNormal(rnd, 36 * 3600, 0.8, 3600, 7 * 24 * 3600), JobKind.INFERENCE, replicas, gpus,
                    priority, tenant, false));
            }
        }
        out.sort(java.util.Comparator.comparingLong(TraceJob::submitS).thenComparing(TraceJob::key));
        return new Traces.Trace(List.copyOf(out), 0, "built-in week (seed " + seed + ")"); // the count follows it
    }

    /** Thinning: accept a uniform time with probability following the day (peak 14:00, trough 02:00). */
    private static long arrival(SplittableRandom rnd, long span) {
        while (true) {
            long t = rnd.nextLong(span);
            double hour = (t % 86400) / 3600.0;
            double weight = 0.6 + 0.4 * Math.cos((hour - 14) / 24 * 2 * Math.PI);
            if (rnd.nextDouble() * 1.0 < weight) {
                return t;
            }
        }
    }

    private static long logNormal(SplittableRandom rnd, double median, double sigma, long min, long max) {
        double g = gaussian(rnd);
        long v = Math.round(median * Math.exp(sigma * g));
        return Math.max(min, Math.min(max, v));
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
