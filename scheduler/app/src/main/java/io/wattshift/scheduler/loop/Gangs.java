package io.wattshift.scheduler.loop;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.wattshift.api.WattshiftApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pure: groups the live pods that Wattshift schedules into gangs. */
public final class Gangs {
  private Gangs() {
  }

  /** Key of a pod: "namespace/name". */
  public static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** Key of the gang a pod belongs to: "namespace/gang" (the pod's own name without a gang annotation). */
  public static String gangKey(Pod pod) {
    String gang = annotation(pod, WattshiftApi.GANG_NAME);
    return pod.getMetadata().getNamespace() + "/" + (gang == null || gang.isBlank() ? pod.getMetadata().getName() : gang);
  }

  /** Pods that hold or want GPUs: not finished and not being deleted. */
  public static boolean live(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return pod.getMetadata().getDeletionTimestamp() == null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  /** Gangs of the live pods (bound or not), oldest first. */
  public static List<Gang> of(List<Pod> pods) {
    Map<String, List<Pod>> byGang = new LinkedHashMap<>();
    pods.stream().filter(Gangs::live).sorted(Comparator.comparing(Gangs::key))
        .forEach(p -> byGang.computeIfAbsent(gangKey(p), k -> new ArrayList<>()).add(p));
    List<Gang> gangs = new ArrayList<>();
    byGang.forEach((key, members) -> gangs.add(gang(key, members)));
    gangs.sort(Comparator.comparing(Gang::firstSeen).thenComparing(Gang::key));
    return gangs;
  }

  public static boolean bound(Pod pod) {
    return pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
  }

  private static Gang gang(String key, List<Pod> members) {
    Pod first = members.get(0);
    int size = intAnnotation(first, WattshiftApi.GANG_SIZE, members.size());
    int min = Math.min(size, intAnnotation(first, WattshiftApi.GANG_MIN, size));
    int gpus = members.stream().mapToInt(Gangs::gpus).max().orElse(0);
    String namespace = first.getMetadata().getNamespace();
    String tenant = annotation(first, WattshiftApi.TENANT);
    String queue = annotation(first, WattshiftApi.QUEUE);
    Instant firstSeen = members.stream().map(Gangs::created).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    return new Gang(key, owner(first), orNamespace(tenant, namespace), orNamespace(queue, namespace), size, min, gpus,
        intAnnotation(first, WattshiftApi.PRIORITY, 0), "true".equals(annotation(first, WattshiftApi.PREEMPTIBLE)),
        intAnnotation(first, WattshiftApi.POWER_CAP_WATTS, 0),
        annotation(first, WattshiftApi.TOPOLOGY) == null ? "Any" : annotation(first, WattshiftApi.TOPOLOGY),
        members.stream().filter(p -> !bound(p)).map(Gangs::key).toList(),
        members.stream().filter(Gangs::bound).map(p -> new Gang.BoundPod(key(p), p.getSpec().getNodeName())).toList(),
        firstSeen);
  }

  /** GPUs the pod asks for: the sum over its containers of the nvidia.com/gpu limit (or request). */
  public static int gpus(Pod pod) {
    int total = 0;
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getResources() == null) {
        continue;
      }
      Quantity q = c.getResources().getLimits() == null ? null : c.getResources().getLimits().get(WattshiftApi.GPU_RESOURCE);
      if (q == null && c.getResources().getRequests() != null) {
        q = c.getResources().getRequests().get(WattshiftApi.GPU_RESOURCE);
      }
      if (q != null) {
        total += q.getNumericalAmount().intValue();
      }
    }
    return total;
  }

  /** An annotation's value, or the namespace when it is absent or blank. */
  private static String orNamespace(String value, String namespace) {
    return value == null || value.isBlank() ? namespace : value.trim();
  }

  private static String owner(Pod pod) {
    List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
    if (refs == null) {
      return null;
    }
    return refs.stream().filter(r -> "GpuJob".equals(r.getKind()) && WattshiftApi.API_VERSION.equals(r.getApiVersion()))
        .map(OwnerReference::getName).findFirst().orElse(null);
  }

  private static Instant created(Pod pod) {
    String ts = pod.getMetadata().getCreationTimestamp();
    return ts == null ? Instant.EPOCH : Instant.parse(ts);
  }

  static String annotation(Pod pod, String name) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    return a == null ? null : a.get(name);
  }

  private static int intAnnotation(Pod pod, String name, int fallback) {
    String v = annotation(pod, name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
