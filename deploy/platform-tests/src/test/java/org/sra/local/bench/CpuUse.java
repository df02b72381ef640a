package org.sra.local.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.sra.local.services.ServiceSpec;

/**
 * CPU time of the stack's processes between two points, from /proc: the launcher (store, mail
 * catcher, demo directory), the Kafka broker and each service, found by the port they listen on.
 * On a shared 2-core machine this says who did the work, where wall time alone cannot.
 */
public final class CpuUse {

    private final Map<String, Long> pids = new LinkedHashMap<>();
    private Map<String, Long> mark = Map.of();
    private long markedAt;

    public CpuUse(Lab lab, long launcherPid) {
        pids.put("launcher (store)", launcherPid);
        ProcFs.pidListeningOn(lab.ports().kafka()).ifPresent(pid -> pids.put("kafka", pid));
        for (ServiceSpec service : ServiceSpec.ALL) {
            ProcFs.pidListeningOn(lab.ports().service(service)).ifPresent(pid -> pids.put(service.module(), pid));
        }
    }

    /** Starts a measurement. */
    public void mark() {
        mark = now();
        markedAt = System.nanoTime();
    }

    /** "name 12.3 s (45 %)" per process since {@link #mark()}, percent of one core. */
    public String sinceMark() {
        double wall = (System.nanoTime() - markedAt) / 1e6;
        Map<String, Long> now = now();
        StringBuilder line = new StringBuilder();
        now.forEach((name, cpu) -> {
            Long before = mark.get(name);
            if (before != null && before >= 0 && cpu >= 0) {
                long used = cpu - before;
                line.append(String.format(Locale.ROOT, "%s%s %.1f s (%.0f %%)", line.isEmpty() ? "" : ", ", name,
                        used / 1000.0, 100.0 * used / wall));
            }
        });
        return String.format(Locale.ROOT, "over %.1f s: %s", wall / 1000, line);
    }

    private Map<String, Long> now() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> cpu.put(name, ProcFs.cpuMillis(pid)));
        return cpu;
    }
}
