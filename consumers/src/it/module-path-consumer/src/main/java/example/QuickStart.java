package example;

import io.github.resourcemanager.ResourceManager;
import io.github.resourcemanager.alert.AlertHandler;
import io.github.resourcemanager.monitor.AgentScope;
import io.github.resourcemanager.monitor.Metric;
import io.github.resourcemanager.monitor.Sample;
import io.github.resourcemanager.monitor.Series;
import io.github.resourcemanager.monitor.Summary;
import java.time.Duration;

public final class QuickStart {
  public static void main(String[] args) {
    // README: begin
    try (ResourceManager rm = ResourceManager.custom()
        .interval(Duration.ofSeconds(1))            // default 5 s
        .historyRetention(Duration.ofMinutes(30))   // default 60 min
        .alertHandler(AlertHandler.logging())       // the default rules are on; a handler is told what fires
        .build()) {
      rm.start();                                   // daemon thread "resource-monitor", first sample now

      rm.tracker().register("agent-7");
      try (AgentScope scope = rm.tracker().enter("agent-7")) {
        doWork();                                   // CPU time and allocated bytes count for agent-7
      }
      rm.sampleNow();                               // one more sample now rather than at the next tick

      Sample now = rm.currentUsage().orElseThrow(); // empty before the first sample
      double cpu = now.value(Metric.SYSTEM_CPU_USAGE);                     // % of all CPUs
      Summary memory = rm.summary(Metric.SYSTEM_MEMORY_USED, Duration.ofMinutes(5));
      Series agentCpu = rm.history("agent-7", Metric.AGENT_CPU_USAGE, Duration.ofMinutes(5));
      System.out.printf("cpu %.1f %%, memory max %.0f bytes, agent-7: %d samples, %s of CPU%n",
          cpu, memory.max(), agentCpu.size(), rm.tracker().get("agent-7").cpuTime());
    }
    // README: end
  }

  private static void doWork() {
    long x = 0;
    for (int i = 0; i < 50_000_000; i++) {
      x += i % 7;
    }
    if (x == 42) {
      System.out.println(x);
    }
  }
}
