/*
 * What a system call and a wake-up cost on this machine, the floor under every hop of a message
 * (docs/benchmarks.md, "what a wake-up costs on this box"). Run:
 *   gcc -O2 -o /tmp/kernel_costs parley-bench/probes/kernel_costs.c && /tmp/kernel_costs
 */
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double since(struct timespec a) {
  struct timespec b;
  clock_gettime(CLOCK_MONOTONIC, &b);
  return (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
}

int main(void) {
  struct timespec t, ignored;
  const int calls = 1000000, trips = 50000;

  clock_gettime(CLOCK_MONOTONIC, &t);
  for (int i = 0; i < calls; i++) syscall(SYS_getppid);
  printf("system call (getppid)          %8.0f ns\n", since(t) / calls);

  clock_gettime(CLOCK_MONOTONIC, &t);
  for (int i = 0; i < calls; i++) clock_gettime(CLOCK_MONOTONIC, &ignored);
  printf("clock_gettime (vDSO)           %8.0f ns\n", since(t) / calls);

  /* A byte to a child over one pipe and back over another: each side sleeps in read() until woken. */
  int there[2], back[2];
  char c = 'x';
  if (pipe(there) || pipe(back)) return 1;
  if (fork() == 0) {
    for (int i = 0; i < trips; i++) {
      if (read(there[0], &c, 1) != 1 || write(back[1], &c, 1) != 1) _exit(1);
    }
    _exit(0);
  }
  clock_gettime(CLOCK_MONOTONIC, &t);
  for (int i = 0; i < trips; i++) {
    if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1) return 1;
  }
  printf("round trip between processes   %8.1f us\n", since(t) / trips / 1e3);
  return 0;
}
