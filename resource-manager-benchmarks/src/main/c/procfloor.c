/*
 * procfloor: the floor for one full sample of the machine and the process on Linux.
 *
 * It reads and parses exactly the files and fields that LinuxProcSource (resource-manager-core) reads for one
 * sample, with the same reads, in C with no allocation, and prints the time per sample. No Java code can read
 * the same kernel files faster than this, so "ours / floor" says how much the JVM and our parsing add on top
 * of what the kernel costs to produce the files.
 *
 * Per sample, as LinuxProcSource does:
 *   /proc/stat              the first "cpu " line: user nice system idle iowait irq softirq steal
 *                           (one pread of 512 bytes, like its FIRST_LINE buffer)
 *   /proc/meminfo           MemTotal MemAvailable (MemFree Buffers Cached as a fallback) SwapTotal SwapFree,
 *                           stopping at the first line after the four it needs (one read)
 *   /proc/diskstats         sectors read and written of the whole disks chosen from /sys/block with the same
 *                           rule (no loop ram zram dm- md sr, no partitions); read until end of file
 *   /proc/net/dev           bytes received and sent of every interface but lo; read until end of file
 *   /proc/loadavg           three load averages and the thread count after the '/'
 *   /proc/sys/fs/file-nr    the first field
 *   /proc/self/stat         after the last ')': utime stime threads rss
 *   /proc/self/fd           the descriptor count as the fstat size of the directory (Linux 6.2 and later),
 *                           as LinuxProcSource does on such kernels; on older kernels, whose size is 0, by
 *                           listing the directory, as the JDK's UnixOperatingSystemMXBean that
 *                           LinuxProcSource falls back to does (printed as fd_count=fstat or fd_count=listing)
 * and the same derived values (CPU share, rates, memory usage), so nothing is parsed for nothing.
 *
 * Modes:
 *   pread            (default) every file opened once and re-read with pread from offset 0, and the fd
 *                    directory kept open for fstat: the same system calls LinuxProcSource makes.
 *   open-read-close  every file opened, read and closed per sample, and stat() of /proc/self/fd: what a
 *                    straightforward program does; reported for comparison.
 *
 * Timing mirrors JMH's average-time mode: warm-up iterations, then measured iterations of a fixed time each,
 * sampling back to back and reading CLOCK_MONOTONIC after every sample; the result is the mean of the
 * iterations' averages.
 *
 * usage: procfloor [--mode pread|open-read-close] [--warmup N] [--iterations N] [--time-ms N]
 * prints: procfloor mode=pread us_per_sample=35.31 min_iteration_us=.. max_iteration_us=.. samples=.. disks=vda
 *         fd_count=fstat checksum=..
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_DISKS 64
#define MAX_NAME 64

enum extent { WHOLE_SINGLE_READ, WHOLE_MULTI_READ, FIRST_LINE };

struct proc_file {
  const char *path;
  enum extent extent;
  int fd;          /* open in pread mode, -1 otherwise */
  char *buf;
  size_t cap;
  size_t len;
  size_t pos;
};

enum { F_STAT, F_MEMINFO, F_DISKSTATS, F_NETDEV, F_LOADAVG, F_FILENR, F_SELFSTAT, F_COUNT };

static struct proc_file files[F_COUNT] = {
  {"/proc/stat", FIRST_LINE, -1, NULL, 512, 0, 0},
  {"/proc/meminfo", WHOLE_SINGLE_READ, -1, NULL, 8192, 0, 0},
  {"/proc/diskstats", WHOLE_MULTI_READ, -1, NULL, 8192, 0, 0},
  {"/proc/net/dev", WHOLE_MULTI_READ, -1, NULL, 8192, 0, 0},
  {"/proc/loadavg", WHOLE_SINGLE_READ, -1, NULL, 256, 0, 0},
  {"/proc/sys/fs/file-nr", WHOLE_SINGLE_READ, -1, NULL, 256, 0, 0},
  {"/proc/self/stat", WHOLE_SINGLE_READ, -1, NULL, 1024, 0, 0},
};

static const char *const FD_DIR = "/proc/self/fd";
static int fd_dir = -1;
static int fd_count_by_listing; /* kernels before 6.2 report size 0 for the fd directory */
static int keep_open = 1;

static char disks[MAX_DISKS][MAX_NAME];
static size_t disk_len[MAX_DISKS];
static int disk_count;
static long page_size;
static int logical_cpus;

/* Derived values, as the Java side writes them; summed into the checksum so none is optimized away. */
struct rate { long long prev_value; double prev_time; int has_prev; };
static struct rate disk_read_rate, disk_write_rate, net_rx_rate, net_tx_rate, proc_cpu_rate;
static long long prev_busy, prev_total;
static int has_prev_cpu;
static double checksum;

static void die(const char *what, const char *path) {
  fprintf(stderr, "procfloor: %s %s: %s\n", what, path, errno ? strerror(errno) : "unexpected content");
  exit(1);
}

static void malformed(const struct proc_file *f, const char *expected) {
  fprintf(stderr, "procfloor: unexpected content in %s at byte %zu: expected %s\n", f->path, f->pos, expected);
  exit(1);
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double rate_update(struct rate *r, long long value, double t) {
  double result = NAN;
  if (r->has_prev && value >= r->prev_value && t > r->prev_time) {
    result = (double) (value - r->prev_value) / (t - r->prev_time);
  }
  r->prev_value = value;
  r->prev_time = t;
  r->has_prev = 1;
  return result;
}

static void add(double v) {
  if (!isnan(v)) {
    checksum += v;
  }
}

/* ------------------------------------------------------------------ reading */

static int has_newline(const char *buf, size_t len) {
  return memchr(buf, '\n', len) != NULL;
}

/* Reads the file from offset 0 as ProcFile.read() does: one pread, or preads until end of file for
 * WHOLE_MULTI_READ; a read that fills the buffer doubles it and reads again. */
static void read_file(struct proc_file *f) {
  int fd = f->fd;
  if (!keep_open) {
    fd = open(f->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      die("cannot open", f->path);
    }
  }
  for (;;) {
    size_t total = 0;
    for (;;) {
      ssize_t n = pread(fd, f->buf + total, f->cap - total, (off_t) total);
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        die("cannot read", f->path);
      }
      if (n == 0) {
        break;
      }
      total += (size_t) n;
      if (total == f->cap || f->extent != WHOLE_MULTI_READ) {
        break;
      }
    }
    if (total < f->cap || (f->extent == FIRST_LINE && has_newline(f->buf, total))) {
      f->len = total;
      f->pos = 0;
      break;
    }
    f->cap *= 2;
    f->buf = realloc(f->buf, f->cap);
    if (f->buf == NULL) {
      die("out of memory for", f->path);
    }
  }
  if (!keep_open) {
    close(fd);
  }
}

/* ------------------------------------------------------------------ parsing, as ProcFile's cursor */

static void skip_blanks(struct proc_file *f) {
  while (f->pos < f->len && (f->buf[f->pos] == ' ' || f->buf[f->pos] == '\t')) {
    f->pos++;
  }
}

static void skip_line(struct proc_file *f) {
  while (f->pos < f->len && f->buf[f->pos++] != '\n') {
  }
}

static void skip_token(struct proc_file *f) {
  skip_blanks(f);
  size_t start = f->pos;
  while (f->pos < f->len) {
    char c = f->buf[f->pos];
    if (c == ' ' || c == '\t' || c == '\n') {
      break;
    }
    f->pos++;
  }
  if (f->pos == start) {
    malformed(f, "a field");
  }
}

static void skip_tokens(struct proc_file *f, int count) {
  for (int i = 0; i < count; i++) {
    skip_token(f);
  }
}

static long long next_long(struct proc_file *f) {
  skip_blanks(f);
  int negative = 0;
  if (f->pos < f->len && f->buf[f->pos] == '-') {
    negative = 1;
    f->pos++;
  }
  size_t start = f->pos;
  long long value = 0;
  while (f->pos < f->len) {
    unsigned digit = (unsigned) (f->buf[f->pos] - '0');
    if (digit > 9) {
      break;
    }
    value = value * 10 + digit;
    f->pos++;
  }
  if (f->pos == start) {
    malformed(f, "a number");
  }
  return negative ? -value : value;
}

static double next_decimal(struct proc_file *f) {
  skip_blanks(f);
  size_t start = f->pos;
  long long mantissa = 0;
  long long scale = 1;
  int fraction = 0;
  while (f->pos < f->len) {
    char c = f->buf[f->pos];
    if (c == '.' && !fraction) {
      fraction = 1;
    } else if (c >= '0' && c <= '9') {
      mantissa = mantissa * 10 + (c - '0');
      if (fraction) {
        scale *= 10;
      }
    } else {
      break;
    }
    f->pos++;
  }
  if (f->pos == start) {
    malformed(f, "a decimal number");
  }
  return (double) mantissa / (double) scale;
}

static int consume(struct proc_file *f, const char *key, size_t key_len) {
  if (f->pos + key_len > f->len || memcmp(f->buf + f->pos, key, key_len) != 0) {
    return 0;
  }
  f->pos += key_len;
  return 1;
}

#define CONSUME(f, literal) consume((f), (literal), sizeof(literal) - 1)

/* ------------------------------------------------------------------ one sample */

static void sample_cpu(void) {
  struct proc_file *f = &files[F_STAT];
  read_file(f);
  if (!CONSUME(f, "cpu ")) {
    malformed(f, "the aggregate \"cpu\" line first");
  }
  long long user = next_long(f), nice = next_long(f), system = next_long(f), idle = next_long(f);
  long long iowait = next_long(f), irq = next_long(f), softirq = next_long(f), steal = next_long(f);
  long long total = user + nice + system + idle + iowait + irq + softirq + steal;
  long long busy = total - idle - iowait;
  double share = NAN;
  if (has_prev_cpu && busy >= prev_busy && total > prev_total && busy - prev_busy <= total - prev_total) {
    share = 100.0 * (double) (busy - prev_busy) / (double) (total - prev_total);
  }
  prev_busy = busy;
  prev_total = total;
  has_prev_cpu = 1;
  add(share);
}

static void sample_memory(void) {
  struct proc_file *f = &files[F_MEMINFO];
  read_file(f);
  long long mem_total = -1, mem_available = -1, mem_free = -1, buffers = -1, cached = -1;
  long long swap_total = -1, swap_free = -1;
  while (f->pos < f->len && (mem_total < 0 || mem_available < 0 || swap_total < 0 || swap_free < 0)) {
    char first = f->buf[f->pos];
    if (first == 'M') {
      if (CONSUME(f, "MemTotal:")) {
        mem_total = next_long(f);
      } else if (CONSUME(f, "MemAvailable:")) {
        mem_available = next_long(f);
      } else if (CONSUME(f, "MemFree:")) {
        mem_free = next_long(f);
      }
    } else if (first == 'S') {
      if (CONSUME(f, "SwapTotal:")) {
        swap_total = next_long(f);
      } else if (CONSUME(f, "SwapFree:")) {
        swap_free = next_long(f);
      }
    } else if (first == 'B') {
      if (CONSUME(f, "Buffers:")) {
        buffers = next_long(f);
      }
    } else if (first == 'C') {
      if (CONSUME(f, "Cached:")) {
        cached = next_long(f);
      }
    }
    skip_line(f);
  }
  if (mem_total <= 0) {
    f->pos = 0;
    malformed(f, "a positive MemTotal");
  }
  if (mem_available < 0) {
    mem_available = (mem_free > 0 ? mem_free : 0) + (buffers > 0 ? buffers : 0) + (cached > 0 ? cached : 0);
  }
  double total_bytes = mem_total * 1024.0;
  double used_bytes = (mem_total > mem_available ? mem_total - mem_available : 0) * 1024.0;
  add(total_bytes);
  add(used_bytes);
  add(used_bytes * 100.0 / total_bytes);
  if (swap_total >= 0 && swap_free >= 0) {
    double swap_used = (swap_total > swap_free ? swap_total - swap_free : 0) * 1024.0;
    add(swap_used);
    add(swap_total == 0 ? 0.0 : swap_used * 100.0 / (swap_total * 1024.0));
  }
}

static int is_counted_disk(const char *name, size_t len) {
  for (int i = 0; i < disk_count; i++) {
    if (disk_len[i] == len && memcmp(disks[i], name, len) == 0) {
      return 1;
    }
  }
  return 0;
}

static void sample_disks(double t) {
  struct proc_file *f = &files[F_DISKSTATS];
  read_file(f);
  long long sectors_read = 0, sectors_written = 0;
  while (f->pos < f->len) {
    next_long(f); /* major */
    next_long(f); /* minor */
    skip_blanks(f);
    size_t name_start = f->pos;
    skip_token(f);
    if (is_counted_disk(f->buf + name_start, f->pos - name_start)) {
      skip_tokens(f, 2); /* reads completed, reads merged */
      sectors_read += next_long(f);
      skip_tokens(f, 3); /* time reading, writes completed, writes merged */
      sectors_written += next_long(f);
    }
    skip_line(f);
  }
  add(rate_update(&disk_read_rate, sectors_read * 512, t));
  add(rate_update(&disk_write_rate, sectors_written * 512, t));
}

static void sample_network(double t) {
  struct proc_file *f = &files[F_NETDEV];
  read_file(f);
  skip_line(f); /* two header lines */
  skip_line(f);
  long long received = 0, transmitted = 0;
  while (f->pos < f->len) {
    skip_blanks(f);
    size_t name_start = f->pos;
    size_t colon = f->pos;
    while (colon < f->len && f->buf[colon] != '\n' && f->buf[colon] != ':') {
      colon++;
    }
    if (colon >= f->len || f->buf[colon] != ':') {
      malformed(f, "\"interface:\"");
    }
    int loopback = colon - name_start == 2 && memcmp(f->buf + name_start, "lo", 2) == 0;
    f->pos = colon + 1;
    long long rx = next_long(f);
    skip_tokens(f, 7); /* packets errs drop fifo frame compressed multicast */
    long long tx = next_long(f);
    if (!loopback) {
      received += rx;
      transmitted += tx;
    }
    skip_line(f);
  }
  add(rate_update(&net_rx_rate, received, t));
  add(rate_update(&net_tx_rate, transmitted, t));
}

static void sample_load(void) {
  struct proc_file *f = &files[F_LOADAVG];
  read_file(f);
  add(next_decimal(f));
  add(next_decimal(f));
  add(next_decimal(f));
  next_long(f); /* runnable */
  if (f->pos >= f->len || f->buf[f->pos] != '/') {
    malformed(f, "'/'");
  }
  f->pos++;
  add((double) next_long(f));
}

static void sample_file_nr(void) {
  struct proc_file *f = &files[F_FILENR];
  read_file(f);
  add((double) next_long(f));
}

static void sample_process(double t) {
  struct proc_file *f = &files[F_SELFSTAT];
  read_file(f);
  size_t paren = f->len;
  while (paren > 0 && f->buf[paren - 1] != ')') {
    paren--;
  }
  if (paren == 0) {
    malformed(f, "\"pid (comm) ...\"");
  }
  f->pos = paren; /* just past the last ')' */
  skip_tokens(f, 11);
  long long utime = next_long(f);
  long long stime = next_long(f);
  skip_tokens(f, 4); /* cutime cstime priority nice */
  long long threads = next_long(f);
  double ticks_per_second = rate_update(&proc_cpu_rate, utime + stime, t);
  double cpu = ticks_per_second * 100.0 / (100.0 * logical_cpus);
  add(cpu > 100.0 ? 100.0 : cpu);
  add((double) threads);
  skip_tokens(f, 3); /* itrealvalue starttime vsize */
  add((double) next_long(f) * page_size);
}

/* What the JDK's UnixOperatingSystemMXBean.getOpenFileDescriptorCount does: list the directory, not counting
 * "." and ".." and the descriptor of the listing itself. */
static long count_by_listing(void) {
  DIR *dir = opendir(FD_DIR);
  if (dir == NULL) {
    die("cannot list", FD_DIR);
  }
  long count = 0;
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] != '.') {
      count++;
    }
  }
  closedir(dir);
  return count - 1;
}

static void sample_open_files(void) {
  if (fd_count_by_listing) {
    add((double) count_by_listing());
    return;
  }
  struct stat st;
  int rc = keep_open ? fstat(fd_dir, &st) : stat(FD_DIR, &st);
  if (rc != 0) {
    die("cannot stat", FD_DIR);
  }
  add((double) st.st_size);
}

static void sample_once(void) {
  double t = now_seconds(); /* the tick time the Java side gets from the ticker */
  sample_cpu();
  sample_memory();
  sample_disks(t);
  sample_network(t);
  sample_load();
  sample_file_nr();
  sample_process(t);
  sample_open_files();
}

/* ------------------------------------------------------------------ setup, not timed */

static int excluded_disk(const char *name) {
  static const char *const prefixes[] = {"loop", "ram", "zram", "dm-", "md", "sr"};
  for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
    if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0) {
      return 1;
    }
  }
  return name[0] == '\0';
}

static void add_disk(const char *name) {
  if (disk_count < MAX_DISKS && strlen(name) < MAX_NAME) {
    strcpy(disks[disk_count], name);
    disk_len[disk_count] = strlen(name);
    disk_count++;
  }
}

/* The disks DiskDevices.fromSysBlock chooses: entries of /sys/block that pass the name rule and have no
 * "partition" attribute; without /sys/block, the names of /proc/diskstats that extend no other counted name. */
static void choose_disks(void) {
  DIR *dir = opendir("/sys/block");
  if (dir != NULL) {
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
      if (entry->d_name[0] == '.' || excluded_disk(entry->d_name)) {
        continue;
      }
      char partition[512];
      snprintf(partition, sizeof(partition), "/sys/block/%s/partition", entry->d_name);
      if (access(partition, F_OK) != 0) {
        add_disk(entry->d_name);
      }
    }
    closedir(dir);
    return;
  }
  char names[MAX_DISKS * 4][MAX_NAME];
  int count = 0;
  FILE *in = fopen("/proc/diskstats", "r");
  if (in == NULL) {
    die("cannot open", "/proc/diskstats");
  }
  char name[MAX_NAME];
  unsigned major, minor;
  while (count < MAX_DISKS * 4 && fscanf(in, "%u %u %63s%*[^\n]", &major, &minor, name) == 3) {
    strcpy(names[count++], name);
  }
  fclose(in);
  for (int i = 0; i < count; i++) {
    if (excluded_disk(names[i])) {
      continue;
    }
    int partition = 0;
    for (int j = 0; j < count; j++) {
      size_t other = strlen(names[j]);
      if (other < strlen(names[i]) && strncmp(names[i], names[j], other) == 0 && !excluded_disk(names[j])) {
        partition = 1;
      }
    }
    if (!partition) {
      add_disk(names[i]);
    }
  }
}

static int count_cpu_lines(void) {
  FILE *in = fopen("/proc/stat", "r");
  if (in == NULL) {
    die("cannot open", "/proc/stat");
  }
  char line[4096];
  int cpus = 0;
  while (fgets(line, sizeof(line), in) != NULL) {
    if (strncmp(line, "cpu", 3) == 0 && line[3] >= '0' && line[3] <= '9') {
      cpus++;
    }
  }
  fclose(in);
  return cpus > 0 ? cpus : 1;
}

static void open_files(void) {
  for (int i = 0; i < F_COUNT; i++) {
    files[i].buf = malloc(files[i].cap);
    if (files[i].buf == NULL) {
      die("out of memory for", files[i].path);
    }
    if (keep_open) {
      files[i].fd = open(files[i].path, O_RDONLY | O_CLOEXEC);
      if (files[i].fd < 0) {
        die("cannot open", files[i].path);
      }
    }
  }
  struct stat st;
  if (stat(FD_DIR, &st) != 0) {
    die("cannot stat", FD_DIR);
  }
  fd_count_by_listing = st.st_size <= 0;
  if (keep_open && !fd_count_by_listing) {
    fd_dir = open(FD_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_dir < 0) {
      die("cannot open", FD_DIR);
    }
  }
}

/* ------------------------------------------------------------------ timing */

static double run_iteration(double seconds, long long *samples) {
  long long n = 0;
  double start = now_seconds();
  double end = start + seconds;
  double t;
  do {
    sample_once();
    n++;
    t = now_seconds();
  } while (t < end);
  *samples += n;
  return (t - start) / (double) n;
}

static long parse_count(const char *option, const char *value, long min) {
  char *end;
  errno = 0;
  long v = strtol(value, &end, 10);
  if (errno != 0 || *end != '\0' || v < min) {
    fprintf(stderr, "procfloor: %s must be an integer >= %ld, was \"%s\"\n", option, min, value);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  const char *mode = "pread";
  long warmup = 3, iterations = 5, time_ms = 1000;
  for (int i = 1; i < argc; i++) {
    const char *value = i + 1 < argc ? argv[i + 1] : NULL;
    if (value == NULL) {
      fprintf(stderr, "procfloor: %s needs a value; usage: procfloor [--mode pread|open-read-close] "
                      "[--warmup N] [--iterations N] [--time-ms N]\n", argv[i]);
      return 2;
    }
    if (strcmp(argv[i], "--mode") == 0) {
      mode = value;
    } else if (strcmp(argv[i], "--warmup") == 0) {
      warmup = parse_count(argv[i], value, 0);
    } else if (strcmp(argv[i], "--iterations") == 0) {
      iterations = parse_count(argv[i], value, 1);
    } else if (strcmp(argv[i], "--time-ms") == 0) {
      time_ms = parse_count(argv[i], value, 1);
    } else {
      fprintf(stderr, "procfloor: unknown option %s (allowed: --mode --warmup --iterations --time-ms)\n", argv[i]);
      return 2;
    }
    i++;
  }
  if (strcmp(mode, "pread") == 0) {
    keep_open = 1;
  } else if (strcmp(mode, "open-read-close") == 0) {
    keep_open = 0;
  } else {
    fprintf(stderr, "procfloor: --mode must be pread or open-read-close, was \"%s\"\n", mode);
    return 2;
  }

  page_size = (long) getauxval(AT_PAGESZ);
  logical_cpus = count_cpu_lines();
  choose_disks();
  open_files();
  for (int i = 0; i < F_COUNT; i++) {
    read_file(&files[i]); /* sizes the buffers, as ProcFile's constructor does */
  }

  double seconds = time_ms / 1000.0;
  long long samples = 0;
  for (long i = 0; i < warmup; i++) {
    run_iteration(seconds, &samples);
  }
  samples = 0;
  double sum = 0, min = INFINITY, max = 0;
  for (long i = 0; i < iterations; i++) {
    double per_sample = run_iteration(seconds, &samples);
    sum += per_sample;
    min = per_sample < min ? per_sample : min;
    max = per_sample > max ? per_sample : max;
  }
  printf("procfloor mode=%s us_per_sample=%.3f min_iteration_us=%.3f max_iteration_us=%.3f samples=%lld disks=",
         mode, sum / iterations * 1e6, min * 1e6, max * 1e6, samples);
  for (int i = 0; i < disk_count; i++) {
    printf("%s%s", i ? "," : "", disks[i]);
  }
  printf(" fd_count=%s checksum=%.6g\n", fd_count_by_listing ? "listing" : "fstat", checksum);
  return 0;
}
