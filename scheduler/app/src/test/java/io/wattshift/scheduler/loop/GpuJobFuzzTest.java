package io.wattshift.scheduler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.wattshift.api.GpuJob;
import io.wattshift.api.GpuJobSpec;
import io.wattshift.api.GpuJobType;
import io.wattshift.api.Topology;
import io.wattshift.engine.model.JobSpec;
import io.wattshift.scheduler.jobs.GpuJobPods;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fuzzes GpuJob to engine job: arbitrary GpuJob specs ({@link ArbitraryObjects}: schema-valid or not) become pods
 * ({@link GpuJobPods#desired}), the pods a gang ({@link Gangs#of}), the gang an engine job ({@link Translation#job}).
 * The contract: a job the CRD schema admits (checked here field by field, CEL rules included) always becomes an
 * engine job of its pods and GPUs; a job it would refuse may fail to become pods (the loop then reports it as
 * InvalidSpec on that job alone), but whatever pods it does become never stop a good job's gang from forming.
 *
 * <p>The default build replays {@code GpuJobFuzzTestInputs/toEngineJob} and fuzzes for {@code fuzz.duration};
 * see docs/reliability.md#fuzzing.
 */
class GpuJobFuzzTest {
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    /** Pods made per job: enough to cover every branch, few enough to keep an input fast (the schema allows 4096). */
    private static final int MOST_PODS = 16;

    @FuzzTest(maxDuration = "30s")
    void toEngineJob(FuzzedDataProvider data) {
        ArbitraryObjects any = new ArbitraryObjects(data);
        GpuJob good = Fixtures.training("good", "train", 2, 4);
        List<Pod> pods = new ArrayList<>(Fixtures.pods(good));
        for (int i = data.consumeInt(1, 3); i > 0; i--) {
            GpuJob job = job(any, data, i);
            List<Pod> made = podsOrNull(job);
            if (schemaValid(job.getSpec())) {
                assertTrue(made != null, "a schema-valid job must become pods: " + job.getSpec());
                List<Gang> gangs = Gangs.of(made);
                assertEquals(1, gangs.size(), "one job, one gang");
                JobSpec spec = Translation.job(gangs.get(0));
                assertEquals(GpuJobPods.count(job.getSpec()), spec.pods(), "the engine job has the job's pods");
                assertEquals((int) job.getSpec().getGpusPerWorker(), spec.gpusPerPod(), "and its GPUs per pod");
            }
            if (made != null) {
                pods.addAll(made);
            }
        }
        Gang alone = Gangs.of(Fixtures.pods(good)).get(0);
        assertTrue(Gangs.of(pods).contains(alone), "the good job's gang forms whatever other jobs' pods there are");
        Translation.job(alone);
    }

    private static GpuJob job(ArbitraryObjects any, FuzzedDataProvider data, int i) {
        GpuJob job = new GpuJob();
        job.setMetadata(new ObjectMetaBuilder().withNamespace("fz").withName("fz-job-" + i).withUid("uid-fz-" + i)
            .withGeneration(1L).build());
        GpuJobSpec spec = any.of(GpuJobSpec.class);
        if (data.consumeBoolean()) {
            // the field that lets the scheduler make pods at all; ArbitraryObjects leaves non-API types out
            spec.setTemplate(new PodTemplateSpecBuilder().withNewSpec().addNewContainer().withName("c").withImage("i")
                .endContainer().endSpec().build());
        }
        job.setSpec(spec);
        return job;
    }

    private static List<Pod> podsOrNull(GpuJob job) {
        try {
            int n = Math.min(GpuJobPods.count(job.getSpec()), MOST_PODS);
            List<Pod> pods = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Pod p = GpuJobPods.desired(job, i);
                p.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z"); // the API server sets it
                pods.add(p);
            }
            return pods;
        } catch (RuntimeException invalid) {
            return null; // the loop reports InvalidSpec on this job and goes on with the others
        }
    }

    /** What the GpuJob CRD admits: the OpenAPI bounds on GpuJobSpec and its CEL rules. */
    static boolean schemaValid(GpuJobSpec s) {
        if (s.getType() == null || s.getGpusPerWorker() == null || s.getTemplate() == null
            || s.getTemplate().getSpec() == null || s.getTemplate().getSpec().getContainers().isEmpty()) {
            return false;
        }
        boolean training = s.getType() == GpuJobType.Training;
        return in(s.getWorkers(), 1, 4096) && in(s.getReplicas(), 1, 4096) && in(s.getGpusPerWorker(), 1, 16)
            && in(s.getMinAvailable(), 1, Integer.MAX_VALUE) && in(s.getPriority(), 0, 1_000_000)
            && in(s.getPowerCapWatts(), 100, 1500) && in(s.getBackoffLimit(), 0, 100)
            && label(s.getQueue()) && label(s.getTenant())
            && (training ? s.getWorkers() != null && s.getReplicas() == null
                : s.getReplicas() != null && s.getWorkers() == null)
            && (s.getMinAvailable() == null || s.getReplicas() != null && s.getMinAvailable() <= s.getReplicas())
            && (s.getTopology() != Topology.SameRack || training || Boolean.TRUE.equals(s.getGang()));
    }

    private static boolean in(Integer v, int min, int max) {
        return v == null || v >= min && v <= max;
    }

    private static boolean label(String s) {
        return s == null || DNS_LABEL.matcher(s).matches();
    }
}
