"""One full sample of the machine and the process with psutil, the way the Python ResourceManager this library generalises
takes it, timed like JMH's average-time mode (warm-up iterations, then measured iterations of a fixed time,
sampling back to back; the result is the mean of the iterations' averages).

Per sample: psutil.cpu_percent(interval=None), virtual_memory(), swap_memory(), disk_io_counters(),
net_io_counters(), getloadavg(), and cpu_times(), memory_info(), num_threads(), num_fds() of this process.
The Process object is created once, before timing (creating it per sample would cost one more read of
/proc/<pid>/stat). psutil has no call for the system's open file count or thread count, so it reads two
fewer figures than the library does; that is in psutil's favour.

usage: /usr/bin/python3 psutil_sample.py [--warmup N] [--iterations N] [--time-ms N]
prints: psutil version=5.9.4 us_per_sample=207.1 min_iteration_us=.. max_iteration_us=.. samples=..
"""
import argparse
import sys
import time

import psutil


def positive(minimum):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be an integer >= {minimum}, was {text!r}")
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be an integer >= {minimum}, was {value}")
        return value
    return parse


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warmup", type=positive(0), default=3)
    parser.add_argument("--iterations", type=positive(1), default=5)
    parser.add_argument("--time-ms", type=positive(1), default=1000)
    args = parser.parse_args()

    process = psutil.Process()
    sink = []

    def sample():
        cpu = psutil.cpu_percent(interval=None)
        memory = psutil.virtual_memory()
        swap = psutil.swap_memory()
        disk = psutil.disk_io_counters()
        network = psutil.net_io_counters()
        load = psutil.getloadavg()
        times = process.cpu_times()
        rss = process.memory_info().rss
        threads = process.num_threads()
        fds = process.num_fds()
        # keep the last results alive, as a monitor would store them
        sink[:] = (cpu, memory, swap, disk, network, load, times, rss, threads, fds)

    def iteration(seconds):
        clock = time.monotonic_ns
        samples = 0
        start = clock()
        end = start + int(seconds * 1e9)
        now = start
        while now < end:
            sample()
            samples += 1
            now = clock()
        return (now - start) / 1e3 / samples, samples

    seconds = args.time_ms / 1000.0
    for _ in range(args.warmup):
        iteration(seconds)
    results = [iteration(seconds) for _ in range(args.iterations)]
    per_sample = [us for us, _ in results]
    print(f"psutil version={psutil.__version__} us_per_sample={sum(per_sample) / len(per_sample):.3f} "
          f"min_iteration_us={min(per_sample):.3f} max_iteration_us={max(per_sample):.3f} "
          f"samples={sum(n for _, n in results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
