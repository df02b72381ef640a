#!/usr/bin/env python3
"""Where auth-service's CPU time goes, from a JFR recording with JDK 25's CPU-time sampler.

  jfr print --events jdk.CPUTimeSample,jdk.ThreadCPULoad --stack-depth 64 auth-service.jfr | jfr_cpu.py

Prints the CPU-time samples (each one `samplingPeriod` of CPU time of a Java thread) by what the
thread does — the request path split into its parts by the frames on the stack, the background
threads by name — and the methods that spend the most themselves (top frame) on the request path;
then, from jdk.ThreadCPULoad, the average CPU of each thread group over the recording, JIT compiler
threads included (GC worker threads are not Java threads and appear in neither).
"""
import collections, re, sys

# first rule whose pattern is found in the stack (outermost frames last) decides the part
REQUEST_PARTS = [
    ("directory bind (UnboundID LDAP)", "com.unboundid."),
    ("own-lease lookup / lease write (store)", "org.sra.auth.lease."),
    ("decision log: queue the record", "org.sra.auth.decisionlog.DecisionLog."),
    ("RADIUS decode / encode (aaa4j)", "org.aaa4j."),
    ("read model and policy", "org.sra.auth.readmodel."),
    ("read model and policy", "org.sra.auth.decision."),
    ("metrics (Micrometer)", "io.micrometer."),
    ("logging (SLF4J MDC, Logback)", "org.slf4j."),
    ("logging (SLF4J MDC, Logback)", "ch.qos.logback."),
]


def thread_group(name):
    name = re.sub(r"\d+", "", name)
    if name.startswith("KafkaConsumerDestination"):
        return "Kafka consumers (read-model events)"
    if name.startswith("kafka-producer"):
        return "Kafka producer (events out)"
    return name


def main():
    samples, thread, frames = [], None, []
    in_stack, kind, period, load, loads = False, None, "?", 0.0, collections.defaultdict(list)
    readings = collections.Counter()  # per thread: how many periods it was measured
    for line in sys.stdin:
        s = line.strip()
        if s.startswith("jdk.CPUTimeSample"):
            thread, frames, kind = None, [], "sample"
        elif s.startswith("jdk.ThreadCPULoad"):
            thread, kind, load = None, "load", 0.0
        elif kind == "load" and re.match(r"(user|system) = [\d.]+%", s):
            load += float(re.search(r"([\d.]+)%", s).group(1))
        elif s.startswith("samplingPeriod ="):
            period = s.split("=", 1)[1].strip()
        elif s.startswith("eventThread ="):
            m = re.match(r'eventThread = "(.*)" \(', s)
            thread = m.group(1) if m else s
        elif s.startswith("stackTrace = ["):
            in_stack = True
        elif in_stack and s == "]":
            in_stack = False
        elif in_stack and s and s != "...":
            frames.append(s)
        elif s == "}" and kind == "sample":
            samples.append((thread or "?", frames))
        elif s == "}" and kind == "load":
            loads[thread_group(thread or "?")].append(load)
            readings[thread or "?"] += 1
    total = len(samples)
    if not total:
        print("no jdk.CPUTimeSample events")
        return
    parts = collections.Counter()
    top_on_path = collections.Counter()
    path = 0
    for thread, fr in samples:
        stack = "\n".join(fr)
        on_path = "org.sra.auth.radius." in stack and thread.startswith("radius") or thread == "directory"
        if on_path:
            path += 1
            part = "request path: other (UDP, virtual threads, answer)"
            for label, pattern in REQUEST_PARTS:
                if pattern in stack:
                    part = "request path: " + label
                    break
            parts[part] += 1
            top_on_path[re.sub(r" line: \d+", "", fr[0]) if fr else "?"] += 1
        else:
            parts[thread_group(thread)] += 1
    print("%d CPU-time samples (one per %s of CPU) of auth-service's Java threads" % (total, period))
    print("%7s %6s  %s" % ("samples", "share", "what"))
    for k, c in parts.most_common(25):
        print("%7d %5.1f%%  %s" % (c, 100.0 * c / total, k))
    print("\nrequest path (%d samples): the methods that spend the most themselves" % path)
    for k, c in top_on_path.most_common(15):
        print("%7d %5.1f%%  %s" % (c, 100.0 * c / max(1, path), k[:150]))
    if loads:
        print("\naverage CPU per thread group over the recording (jdk.ThreadCPULoad: share of all the machine's cores)")
        # one reading per thread per period: sum the threads of a group, average over the periods
        periods = max(readings.values())
        for k, v in sorted(loads.items(), key=lambda kv: -sum(kv[1]))[:15]:
            print("%6.1f %%  %s" % (sum(v) / periods, k))


if __name__ == "__main__":
    main()
