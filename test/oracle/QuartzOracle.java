import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.Date;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicReference;

import org.quartz.CronExpression;

/**
 * Test oracle: answers, for each input line, what Quartz's own CronExpression says.
 *
 * Input, one case per line: START_MILLIS COUNT URL_ENCODED_EXPRESSION. START_MILLIS may be a
 * comma-separated list: then the answer is H as soon as one start never finishes, else "V".
 * Output, one line per case:
 *   V t1 t2 ...   valid; the next fire times (epoch millis, UTC), fewer when Quartz returns null
 *   I message     Quartz refuses the expression
 *   X exception   the expression parses but computing a fire time throws
 *   H             computing a fire time did not finish within the time limit
 * The first output line is "MAXYEAR n": Quartz's horizon, which depends on the clock's year.
 */
public final class QuartzOracle {
  private static final long HANG_MILLIS = Long.getLong("oracle.hangMillis", 400L);

  public static void main(String[] args) throws Exception {
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    PrintStream out = new PrintStream(System.out, false, "UTF-8");
    out.println("MAXYEAR " + CronExpression.MAX_YEAR);
    out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) continue;
      String[] parts = line.split(" ", 3);
      int count = Integer.parseInt(parts[1]);
      String expr = URLDecoder.decode(parts.length > 2 ? parts[2] : "", StandardCharsets.UTF_8);
      String[] starts = parts[0].split(",");
      String reply = "V";
      for (String start : starts) {
        String one = answer(expr, Long.parseLong(start), count);
        if (starts.length == 1 || one.equals("H")) {
          reply = one;
          break;
        }
      }
      out.println(reply);
      out.flush();
    }
  }

  private static String answer(String expr, long start, int count) throws InterruptedException {
    final CronExpression cron;
    try {
      cron = new CronExpression(expr);
    } catch (Exception e) {
      return "I " + oneLine(e.getMessage());
    }
    cron.setTimeZone(TimeZone.getTimeZone("UTC"));
    AtomicReference<String> result = new AtomicReference<>();
    // Quartz loops forever on some expressions: compute on a worker we can abandon.
    Thread worker = new Thread(() -> {
      StringBuilder sb = new StringBuilder("V");
      try {
        Date at = new Date(start);
        for (int i = 0; i < count; i++) {
          Date next = cron.getNextValidTimeAfter(at);
          if (next == null) break;
          sb.append(' ').append(next.getTime());
          at = next;
        }
        result.set(sb.toString());
      } catch (Throwable t) {
        result.set("X " + t.getClass().getSimpleName());
      }
    });
    worker.setDaemon(true);
    worker.start();
    worker.join(HANG_MILLIS);
    if (worker.isAlive()) {
      stop(worker);
      return "H";
    }
    return result.get();
  }

  @SuppressWarnings({"deprecation", "removal"})
  private static void stop(Thread worker) {
    try {
      worker.stop();
    } catch (Throwable ignored) {
      // Newer JDKs refuse Thread.stop; the daemon thread then dies with the process.
    }
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }
}
