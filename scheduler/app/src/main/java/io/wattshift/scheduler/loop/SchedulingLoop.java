package io.wattshift.scheduler.loop;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.wattshift.api.GpuJob;
import io.wattshift.api.Hall;
import io.wattshift.api.PowerPolicy;
import io.wattshift.api.Site;
import io.wattshift.scheduler.jobs.JobPlan;
import io.wattshift.scheduler.jobs.JobReconciler;
import io.wattshift.scheduler.jobs.PendingInfo;
import io.wattshift.scheduler.kube.ClusterCache;
import io.wattshift.scheduler.kube.ClusterWriter;
import io.wattshift.scheduler.kube.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The live scheduling loop, deployed with {@link #deploymentOptions()}: a worker verticle on a dedicated pool of one
 * thread. Everything here runs on this verticle's one context: informer callbacks only call
 * {@link #changed}, which hops onto it; a cycle reads the informer stores, reconciles GpuJobs, hands the world to
 * the {@link Placement} and carries out its actions. API writes run on the worker executor; their results come
 * back to this context. A periodic resync runs a cycle even when no event arrives.
 */
public final class SchedulingLoop extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulingLoop.class);
  private static final long DEBOUNCE_MS = 20;
  /** The one thread every cycle, engine call and result handler runs on. */
  public static final String POOL = "wattshift-scheduling";

  private final ClusterCache cache;
  private final Placement placement;
  private final ClusterWriter writer;
  private final EventRecorder events;
  private final SchedulerMetrics metrics;
  private final Clock clock;
  private final Duration resync;
  private final Duration statusInterval;
  private final KubernetesSerialization json = new KubernetesSerialization();

  /** Binding calls in flight at most: kube-scheduler binds each pod in its own goroutine; so do we, bounded. */
  static final int BIND_CONCURRENCY = 16;
  private static final int WRITERS = 4;
  private static final int EVENT_WRITERS = 2;
  /** How long a stop waits for binds and writes in flight before it abandons them. */
  public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  /** Pod creates/deletes and status writes. */
  private WorkerExecutor worker;
  /** pods/binding calls only, so binds never queue behind events or status. */
  private WorkerExecutor binder;
  /** Events: the least urgent writes, on their own threads. */
  private WorkerExecutor eventWriter;
  private boolean cycleScheduled;
  /**
   * Set once stop() begins: no new cycle or write starts after it, and events still queued are dropped when their
   * turn comes (read by the event writers, hence volatile), so the drain waits for binds and writes, not for events.
   */
  private volatile boolean stopping;
  /** Writes started and not finished, so a stop can wait for them before the client closes. */
  private final Set<Future<?>> inFlight = new HashSet<>();
  /** An informer event is already on its way to the loop's context: more only wait for that hop. */
  private final java.util.concurrent.atomic.AtomicBoolean hopQueued = new java.util.concurrent.atomic.AtomicBoolean();
  /** The last cycle's pods by gang key and by pod key, and GpuJobs by "ns/name": lookups without a scan. */
  private Map<String, List<Pod>> podsByGang = Map.of();
  private Map<String, Pod> podsByKey = Map.of();
  private Map<String, GpuJob> jobsByKey = Map.of();
  private final Map<String, PendingInfo> pending = new HashMap<>();
  private final Map<String, String> lastEvent = new HashMap<>();
  /** "Site/name" -> the last demand-response event sent (reason:what was shed), so each is sent once. */
  private final Map<String, String> siteEvents = new HashMap<>();
  private final Set<String> deleting = new HashSet<>();
  /** GpuJobs the reconciler failed on, warned about once until they reconcile again. */
  private final Set<String> unreadableJobs = new HashSet<>();
  private final Set<String> statusInFlight = new HashSet<>();
  /** Job key -> the API server's refusal of its last pod creation (cleared by the next success). */
  private final Map<String, String> createFailures = new HashMap<>();

  public SchedulingLoop(ClusterCache cache, Placement placement, ClusterWriter writer, EventRecorder events,
      SchedulerMetrics metrics, Clock clock, Duration resync, Duration statusInterval) {
    this.cache = cache;
    this.placement = placement;
    this.writer = writer;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.resync = resync;
    this.statusInterval = statusInterval;
  }

  /**
   * How to deploy the loop: a worker verticle on its own pool of one thread. A cycle (informer reads, the engine's
   * step, status diffs) may take milliseconds at scale; on a shared event loop that would stall HTTP and telemetry.
   * A worker context still runs its tasks one at a time in order, so the engine keeps its single owner.
   */
  public static DeploymentOptions deploymentOptions() {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName(POOL)
        .setWorkerPoolSize(1);
  }

  @Override
  public Future<?> start() {
    worker = vertx.createSharedWorkerExecutor("wattshift-kube-writer", WRITERS);
    binder = vertx.createSharedWorkerExecutor("wattshift-kube-binder", BIND_CONCURRENCY);
    eventWriter = vertx.createSharedWorkerExecutor("wattshift-kube-events", EVENT_WRITERS);
    vertx.setPeriodic(resync.toMillis(), id -> requestCycle());
    vertx.setPeriodic(statusInterval.toMillis(), id -> {
      if (!stopping) {
        publishStatus();
      }
    });
    requestCycle();
    return Future.succeededFuture();
  }

  /**
   * Stops in order: no new cycle or write from now on; the binds and writes in flight finish (their results still
   * reach the engine), for at most {@link #DRAIN_TIMEOUT}, after which they are abandoned; then the executors close.
   * Only after this may the client be closed (a write on a closed client fails half-done).
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    List<Future<?>> pending = new ArrayList<>(inFlight);
    if (!pending.isEmpty()) {
      LOG.info("stopping: waiting for {} API write(s) in flight", pending.size());
    }
    io.vertx.core.Promise<Void> drained = io.vertx.core.Promise.promise();
    long timer = vertx.setTimer(DRAIN_TIMEOUT.toMillis(), id -> {
      if (drained.tryComplete()) {
        LOG.warn("stopping: {} API write(s) still in flight after {}; abandoned", inFlight.size(), DRAIN_TIMEOUT);
      }
    });
    Future.join(pending).onComplete(ar -> {
      vertx.cancelTimer(timer);
      drained.tryComplete();
    });
    return drained.future().compose(v -> Future.join(close(binder), close(eventWriter), close(worker)));
  }

  private static Future<Void> close(WorkerExecutor executor) {
    return executor == null ? Future.succeededFuture() : executor.close();
  }

  /** Runs tasks on the loop's context (for adapters that call the engine, e.g. mining events). */
  public java.util.concurrent.Executor executor() {
    return command -> context.runOnContext(v -> command.run());
  }

  /**
   * Called from informer threads: only hops onto the loop's context, and only once for a burst of events (a cycle
   * reads the whole state anyway), so a thousand bind confirmations do not queue a thousand tasks on the loop.
   */
  public void changed(ClusterCache.Change change) {
    if (context != null && hopQueued.compareAndSet(false, true)) {
      context.runOnContext(v -> {
        hopQueued.set(false);
        requestCycle();
      });
    }
  }

  private void requestCycle() {
    if (!cycleScheduled && !stopping) {
      cycleScheduled = true;
      vertx.setTimer(DEBOUNCE_MS, id -> {
        cycleScheduled = false;
        try {
          cycle();
        } catch (RuntimeException e) {
          LOG.error("scheduling cycle failed; retrying on the next event or resync", e);
        }
      });
    }
  }

  /** One pass: jobs, then placement. */
  void cycle() {
    if (!cache.synced()) {
      return;
    }
    Instant now = clock.instant();
    List<Pod> pods = cache.pods();
    List<GpuJob> jobs = cache.jobs();
    index(pods, jobs);
    reconcileJobs(now, pods, jobs);
    List<Gang> gangs = Gangs.of(pods.stream().filter(p -> !deleting.contains(Gangs.key(p))).toList());
    placement.observe(new Placement.World(cache.sites(), cache.halls(), cache.nodes(), cache.policies(), cache.leases(),
        gangs));
    Map<String, Gang> byKey = gangs.stream().collect(Collectors.toMap(Gang::key, g -> g, (a, b) -> a));
    pending.keySet().retainAll(byKey.keySet());
    lastEvent.keySet().retainAll(byKey.keySet());
    for (Action action : placement.step(now)) {
      try {
        carryOut(action, byKey);
      } catch (RuntimeException e) {
        LOG.warn("could not carry out {}: {}", action, e.toString()); // the others still are
      }
    }
    Map<PendingReason, Integer> counts = new EnumMap<>(PendingReason.class);
    for (Gang g : gangs) {
      if (!g.pending().isEmpty()) {
        PendingInfo info = pending.get(g.key());
        PendingReason r = info == null ? PendingReason.Queued : PendingReason.valueOf(info.reason());
        counts.merge(r, 1, Integer::sum);
      }
    }
    metrics.pending(counts);
  }

  /** Indexes this cycle's pods and jobs, so per-gang lookups (events, preemption, deletes) are not scans. */
  private void index(List<Pod> pods, List<GpuJob> jobs) {
    Map<String, List<Pod>> byGang = new HashMap<>();
    Map<String, Pod> byKey = new HashMap<>(pods.size() * 2);
    for (Pod p : pods) {
      byGang.computeIfAbsent(Gangs.gangKey(p), k -> new ArrayList<>(1)).add(p);
      byKey.put(Gangs.key(p), p);
    }
    Map<String, GpuJob> jobKeys = new HashMap<>();
    for (GpuJob j : jobs) {
      jobKeys.put(j.getMetadata().getNamespace() + "/" + j.getMetadata().getName(), j);
    }
    podsByGang = byGang;
    podsByKey = byKey;
    jobsByKey = jobKeys;
  }

  private void reconcileJobs(Instant now, List<Pod> pods, List<GpuJob> jobs) {
    Map<String, List<Pod>> byOwner = new HashMap<>();
    for (Pod p : pods) {
      if (p.getMetadata().getOwnerReferences() != null) {
        p.getMetadata().getOwnerReferences().stream().filter(r -> "GpuJob".equals(r.getKind())).findFirst()
            .ifPresent(r -> byOwner.computeIfAbsent(r.getUid(), k -> new ArrayList<>()).add(p));
      }
    }
    Set<String> jobUids = new HashSet<>();
    for (GpuJob job : jobs) {
      jobUids.add(job.getMetadata().getUid());
      String key = job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
      MDC.put("gpujob", key);
      try {
        JobPlan plan = JobReconciler.plan(job, byOwner.getOrDefault(job.getMetadata().getUid(), List.of()),
            new JobReconciler.Context(now, pending.get(key), deleting, createFailures.get(key), placement::committedWatts,
                placement::hallOf));
        apply(job, plan);
        unreadableJobs.remove(key);
      } catch (RuntimeException e) {
        // One job the reconciler cannot handle must not stop the others (nor placement): say so once, on the job.
        if (unreadableJobs.add(key)) {
          LOG.warn("cannot reconcile GpuJob {}: {}", key, e.toString());
          event(job, "Warning", "InvalidSpec", "the scheduler cannot reconcile this job: " + e);
        }
      } finally {
        MDC.remove("gpujob");
      }
    }
    // Pods whose GpuJob is gone (normally the garbage collector's work; also covers clusters without one).
    byOwner.forEach((uid, owned) -> {
      if (!jobUids.contains(uid)) {
        owned.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).forEach(this::delete);
      }
    });
  }

  private void apply(GpuJob job, JobPlan plan) {
    String ns = job.getMetadata().getNamespace();
    String jobKey = ns + "/" + job.getMetadata().getName();
    plan.create().forEach(pod -> blocking(() -> {
      writer.createPod(pod);
      return null;
    }, "create pod " + ns + "/" + pod.getMetadata().getName()).onComplete(ar -> {
      String before = ar.succeeded() ? createFailures.remove(jobKey) : createFailures.put(jobKey, reasonOf(ar.cause()));
      if (ar.failed() && before == null) {
        requestCycle(); // show the refusal in the job's status now, not at the next resync
      }
    }));
    plan.delete().forEach(name -> {
      Pod pod = podsByKey.get(ns + "/" + name);
      if (pod != null) {
        delete(pod);
      }
    });
    if (plan.event() != null) {
      event(job, plan.event().type(), plan.event().reason(), plan.event().message());
    }
    String key = ns + "/" + job.getMetadata().getName();
    if (!statusInFlight.contains(key) && !json.asJson(plan.status()).equals(json.asJson(job.getStatus()))) {
      statusInFlight.add(key);
      blocking(() -> {
        writer.updateStatus(GpuJob.class, job, j -> j.setStatus(plan.status()));
        return null;
      }, "status of " + key).onComplete(ar -> statusInFlight.remove(key));
    }
  }

  private void delete(Pod pod) {
    stop(pod, "delete pod ", () -> writer.deletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
  }

  /** Stops a pod once at a time (a second request while one is in flight is dropped), then cycles again. */
  private void stop(Pod pod, String what, Runnable call) {
    String key = Gangs.key(pod);
    if (deleting.add(key)) {
      blocking(() -> {
        call.run();
        return null;
      }, what + key).onComplete(ar -> {
        deleting.remove(key);
        requestCycle();
      });
    }
  }

  private void carryOut(Action action, Map<String, Gang> byKey) {
    if (action instanceof Action.BindGang b) {
      bindGang(b, byKey.get(b.gang()));
    } else if (action instanceof Action.Unschedulable u) {
      pending.put(u.gang(), new PendingInfo(u.reason().name(), u.message()));
      announce(byKey.get(u.gang()), "Warning", "FailedScheduling", u.message());
    } else if (action instanceof Action.WaitingForPower w) {
      pending.put(w.gang(), new PendingInfo(PendingReason.WaitingForPower.name(), w.message()));
      announce(byKey.get(w.gang()), "Normal", "WaitingForPower", w.message());
    } else if (action instanceof Action.Preempt p) {
      for (String victim : p.victims()) {
        Gang g = byKey.get(victim);
        if (g == null) {
          continue;
        }
        announce(g, "Warning", "Preempted", (p.forGang() == null ? "preempted to restore a limit: "
            : "preempted for " + p.forGang() + ": ") + p.message());
        podsByGang.getOrDefault(victim, List.of()).stream().filter(Gangs::live).forEach(this::delete);
      }
    } else if (action instanceof Action.Suspend su) {
      Gang g = byKey.get(su.gang());
      if (g != null) {
        announce(g, "Warning", "Suspended", su.message());
        podsByGang.getOrDefault(su.gang(), List.of()).stream().filter(Gangs::live)
            .forEach(pod -> checkpoint(pod, su));
      }
    }
  }

  /** A price suspension: the pod is asked to checkpoint, then deleted with the policy's grace. */
  private void checkpoint(Pod pod, Action.Suspend su) {
    stop(pod, "checkpoint pod ", () -> writer.checkpointAndDelete(pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(), su.message(), su.graceSeconds()));
  }

  /**
   * Binds every pod of the gang, each in its own call on the binder pool ({@link #BIND_CONCURRENCY} in flight at
   * most, as kube-scheduler's binding cycle runs per pod); once all have answered, a failure deletes the ones that
   * bound (all or nothing; their controller recreates them) and the engine releases the whole gang.
   */
  private void bindGang(Action.BindGang b, Gang gang) {
    List<Map.Entry<String, String>> targets = List.copyOf(b.nodes().entrySet());
    List<Future<String>> calls = new ArrayList<>(targets.size());
    for (Map.Entry<String, String> e : targets) {
      String[] nsName = e.getKey().split("/", 2);
      calls.add(tracked(binder.executeBlocking(() -> {
        writer.bind(nsName[0], nsName[1], e.getValue());
        return e.getKey();
      }, false)));
    }
    Future.join(calls).onComplete(all -> {
      List<String> done = new ArrayList<>();
      String error = null;
      for (int i = 0; i < calls.size(); i++) {
        Future<String> call = calls.get(i);
        if (call.succeeded()) {
          done.add(call.result());
        } else if (error == null) {
          error = targets.get(i).getKey() + " -> " + targets.get(i).getValue() + ": " + reasonOf(call.cause());
        }
      }
      boolean ok = error == null;
      if (!ok) {
        LOG.warn("binding gang {} failed ({}); undoing {} bound pod(s)", b.gang(), error, done.size());
        done.forEach(pod -> {
          Pod p = podsByKey.get(pod);
          String[] nsName = pod.split("/", 2);
          blocking(() -> {
            writer.deletePod(nsName[0], nsName[1]);
            return null;
          }, "undo bind of " + (p == null ? pod : Gangs.key(p)));
        });
      }
      bound(b, gang, ok, error);
    });
  }

  /** A gang's binds answered: the engine learns the result; events and metrics follow. */
  private void bound(Action.BindGang b, Gang gang, boolean ok, String error) {
    placement.bindResult(b.gang(), ok);
    b.nodes().keySet().forEach(pod -> metrics.bound(ok));
    if (ok) {
      pending.remove(b.gang());
      if (gang != null) {
        Duration latency = Duration.between(gang.firstSeen(), clock.instant());
        metrics.scheduled(latency.isNegative() ? Duration.ZERO : latency);
        // One Scheduled event per bound pod, on the pod, as kube-scheduler writes it...
        b.nodes().forEach((pod, node) -> {
          Pod p = podsByKey.get(pod);
          if (p != null) {
            event(p, "Normal", "Scheduled", "Successfully assigned " + pod + " to " + node);
          }
        });
        // ...and, for a GpuJob's gang, one on the job naming where its pods went.
        if (gang.owner() != null) {
          String where = b.nodes().entrySet().stream().map(e -> e.getKey() + " -> " + e.getValue())
              .collect(Collectors.joining(", "));
          announce(gang, "Normal", "Scheduled", "bound " + where);
        }
      }
    } else {
      pending.put(b.gang(), new PendingInfo(PendingReason.Queued.name(), "binding failed, retrying: " + error));
    }
    requestCycle();
  }

  /** An event on the gang's GpuJob, or on each of its pods for foreign pods; repeated only when it changes. */
  private void announce(Gang gang, String type, String reason, String message) {
    if (gang == null || Objects.equals(lastEvent.put(gang.key(), reason + ":" + message), reason + ":" + message)) {
      return;
    }
    if (gang.owner() != null) {
      String ns = gang.key().substring(0, gang.key().indexOf('/'));
      GpuJob job = jobsByKey.get(ns + "/" + gang.owner());
      if (job != null) {
        event(job, type, reason, message);
      }
    } else {
      podsByGang.getOrDefault(gang.key(), List.of()).forEach(p -> event(p, type, reason, message));
    }
  }

  private void event(HasMetadata about, String type, String reason, String message) {
    if (stopping) {
      return;
    }
    tracked(eventWriter.executeBlocking(() -> {
      if (!stopping) {
        events.record(about, type, reason, message);
      }
      return null;
    }, false)).onFailure(e -> LOG.warn("event {} on {} failed: {}", reason, about.getMetadata().getName(), e.toString()));
  }

  /** Hall, Site and PowerPolicy status at a bounded rate (not per decision), written only when changed. */
  void publishStatus() {
    if (!cache.synced()) {
      return;
    }
    Instant now = clock.instant();
    Map<String, HallHeadroom> headroom = new HashMap<>();
    placement.headroom().forEach(h -> headroom.put(h.hall(), h));
    headroom.values().forEach(h -> metrics.hall(h.hall(), h.aiKw(), h.miningKw(), h.limitKw()));
    Set<String> siteNames = cache.sites().stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
    Map<String, String> problems = placement.problems();
    List<Hall> halls = cache.halls();
    // One object whose status cannot be computed is logged and skipped; the others are still published.
    for (Hall hall : halls) {
      String name = hall.getMetadata().getName();
      isolated("Hall/" + name, () -> {
        var status = StatusViews.hall(hall, headroom.get(name), siteNames, problems.get("Hall/" + name), now);
        publish(Hall.class, hall, hall.getStatus(), status, now, StatusViews::writeHall, s -> s.setUpdated(now.toString()));
      });
    }
    for (Site site : cache.sites()) {
      String name = site.getMetadata().getName();
      isolated("Site/" + name, () -> {
        List<HallHeadroom> own = halls.stream().filter(h -> h.getSpec() != null && name.equals(h.getSpec().getSite()))
            .map(h -> headroom.get(h.getMetadata().getName())).filter(Objects::nonNull).toList();
        var report = placement.demandResponse(name).orElse(null);
        double limitKw = Translation.site(site, now).gridLimitKw();
        double priceUsdPerMwh = Translation.price(site, now);
        metrics.site(name, limitKw, priceUsdPerMwh);
        var status = StatusViews.site(site, own, limitKw, priceUsdPerMwh, problems.get("Site/" + name), report, now);
        publish(Site.class, site, site.getStatus(), status, now, (x, s) -> x.setStatus(s), s -> s.setUpdated(now.toString()));
        announceDemandResponse(site, status);
      });
    }
    String inForce = Translation.policyInForce(cache.policies()).map(p -> p.getMetadata().getName()).orElse(null);
    for (PowerPolicy policy : cache.policies()) {
      String name = policy.getMetadata().getName();
      isolated("PowerPolicy/" + name, () -> {
        var status = StatusViews.policy(policy, name.equals(inForce), problems.get("PowerPolicy/" + name), now);
        publish(PowerPolicy.class, policy, policy.getStatus(), status, now, (x, s) -> x.setStatus(s), s -> { });
      });
    }
  }

  /**
   * An event on the Site when its demand response changes state (Curtailing, LimitMet, DeadlineMissed) or does
   * more (mining shed, GPUs capped, jobs preempted); not for every change of the draw.
   */
  private void announceDemandResponse(Site site, io.wattshift.api.SiteStatus status) {
    String key = "Site/" + site.getMetadata().getName();
    var dr = status.getConditions().stream().filter(c -> "DemandResponse".equals(c.getType())).findFirst();
    if (dr.isEmpty() || status.getDemandResponse() == null) {
      siteEvents.remove(key);
      return;
    }
    var r = placement.demandResponse(site.getMetadata().getName()).orElse(null);
    String summary = r == null ? "" : StatusViews.shedSummary(r);
    String reason = dr.get().getReason();
    if (!Objects.equals(siteEvents.put(key, reason + ":" + summary), reason + ":" + summary)) {
      event(site, "LimitMet".equals(reason) ? "Normal" : "Warning", "DemandResponse" + reason, dr.get().getMessage());
    }
  }

  private static void isolated(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn("cannot publish the status of {}: {}", what, e.toString());
    }
  }

  private <T extends HasMetadata, S> void publish(Class<T> type, T obj, S current, S desired, Instant now,
      java.util.function.BiConsumer<T, S> set, java.util.function.Consumer<S> stamp) {
    if (json.asJson(desired).equals(json.asJson(current))) {
      return;
    }
    String key = type.getSimpleName() + "/" + obj.getMetadata().getName();
    if (!statusInFlight.add(key)) {
      return;
    }
    stamp.accept(desired);
    blocking(() -> {
      writer.updateStatus(type, obj, o -> set.accept(o, desired));
      return null;
    }, "status of " + key).onComplete(ar -> statusInFlight.remove(key));
  }

  /** The API server's own words when it refused a call (e.g. "serviceaccount \"x\" not found"). */
  private static String reasonOf(Throwable t) {
    if (t instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getStatus() != null
        && k.getStatus().getMessage() != null) {
      return k.getStatus().getMessage();
    }
    return t.getMessage();
  }

  /** Runs a blocking API call on the worker executor; the returned future completes on this context. */
  private <T> Future<T> blocking(Callable<T> call, String what) {
    if (stopping) {
      return Future.failedFuture(new IllegalStateException("stopping: " + what + " not started"));
    }
    return tracked(worker.<T>executeBlocking(call, false)).onFailure(e -> LOG.warn("{} failed: {}", what, e.toString()));
  }

  /** Remembers a write until it finishes, for {@link #stop()}. Called and completed on this context. */
  private <T> Future<T> tracked(Future<T> write) {
    inFlight.add(write);
    return write.onComplete(ar -> inFlight.remove(write));
  }
}
