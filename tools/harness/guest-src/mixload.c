/*
 * mixload: a small mixed workload for the "allevents" scenario (every tracepoint enabled).
 * Each phase exercises a kernel area whose tracepoints the other scenarios never fire:
 * futexes (contended, timed out, requeued), signals (kill, tgkill, sigqueue, timers),
 * POSIX and interval timers, clock_nanosleep, epoll/eventfd/pipes, TCP/UDP/UNIX sockets
 * over loopback (IPv4 and IPv6), page faults, madvise, mprotect, mremap, fork/exec/wait,
 * file I/O with fsync in DIR (a journalling file system gives jbd2 events), CPU migration.
 * Usage: mixload [DIR]   (DIR defaults to /tmp).  Prints nothing unless a step fails.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void warn(const char *what) { fprintf(stderr, "mixload: %s: %s\n", what, strerror(errno)); }

static long futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *ts, uint32_t *uaddr2, uint32_t val3) {
  return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

static uint32_t word, word2;

static void *futex_waiter(void *arg) {
  (void)arg;
  struct timespec ts = {0, 50 * 1000 * 1000};
  futex(&word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
  futex(&word2, FUTEX_WAIT, 0, &ts, NULL, 0);
  return NULL;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int counter;

static void *contender(void *arg) {
  long id = (long)arg;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(id % 2, &set);
  sched_setaffinity(0, sizeof set, &set);
  for (int i = 0; i < 50; i++) {
    pthread_mutex_lock(&lock);
    counter++;
    if (counter % 20 == 0) pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    if (i % 10 == 0) sched_yield();
  }
  return NULL;
}

static void phase_futex(void) {
  pthread_t t[4];
  for (long i = 0; i < 2; i++) pthread_create(&t[i], NULL, futex_waiter, NULL);
  usleep(10000);
  futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, &word2, 0);
  futex(&word2, FUTEX_WAKE, 2, NULL, NULL, 0);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, contender, (void *)i);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  struct timespec ts = {0, 1000 * 1000};
  futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, &ts, NULL, FUTEX_BITSET_MATCH_ANY);
  futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &word2, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GT, 0));
}

static volatile sig_atomic_t signals_seen;
static void on_signal(int sig, siginfo_t *si, void *uc) { (void)sig; (void)si; (void)uc; signals_seen++; }

static void phase_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGUSR2, &sa, NULL);
  sigaction(SIGALRM, &sa, NULL);
  sigaction(SIGRTMIN, &sa, NULL);
  kill(getpid(), SIGUSR1);
  syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR2);
  union sigval v = {.sival_int = 42};
  sigqueue(getpid(), SIGRTMIN, v);
  /* a POSIX timer firing SIGRTMIN a few times, then an interval timer firing SIGALRM */
  timer_t tid;
  struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN};
  if (timer_create(CLOCK_MONOTONIC, &sev, &tid) == 0) {
    struct itimerspec its = {{0, 2000000}, {0, 2000000}};
    timer_settime(tid, 0, &its, NULL);
    for (int i = 0; i < 4; i++) pause();
    timer_delete(tid);
  } else warn("timer_create");
  struct itimerval itv = {{0, 3000}, {0, 3000}};
  setitimer(ITIMER_REAL, &itv, NULL);
  for (int i = 0; i < 3; i++) pause();
  memset(&itv, 0, sizeof itv);
  setitimer(ITIMER_REAL, &itv, NULL);
  /* a child killed by a signal, one stopped and continued, one that exits */
  pid_t c = fork();
  if (c == 0) { pause(); _exit(0); }
  usleep(2000);
  kill(c, SIGSTOP);
  kill(c, SIGCONT);
  kill(c, SIGTERM);
  waitpid(c, NULL, 0);
  c = fork();
  if (c == 0) { raise(SIGSEGV); _exit(0); }
  waitpid(c, NULL, 0);
}

static void phase_sleep(void) {
  struct timespec ts = {0, 1500000};
  for (int i = 0; i < 3; i++) clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
  clock_nanosleep(CLOCK_REALTIME, 0, &ts, NULL);
  nanosleep(&ts, NULL);
  struct timespec abs;
  clock_gettime(CLOCK_BOOTTIME, &abs);
  abs.tv_nsec += 1000000;
  if (abs.tv_nsec >= 1000000000) { abs.tv_sec++; abs.tv_nsec -= 1000000000; }
  clock_nanosleep(CLOCK_BOOTTIME, TIMER_ABSTIME, &abs, NULL);
}

static void phase_pollers(void) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  int efd = eventfd(0, EFD_NONBLOCK);
  int p[2];
  if (ep < 0 || efd < 0 || pipe2(p, O_NONBLOCK) < 0) { warn("epoll/eventfd/pipe"); return; }
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = efd};
  epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
  ev.data.fd = p[0];
  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
  struct epoll_event out[4];
  for (int i = 0; i < 5; i++) {
    uint64_t one = 1;
    if (i % 2) write(efd, &one, sizeof one); else write(p[1], "x", 1);
    int n = epoll_wait(ep, out, 4, 10);
    for (int k = 0; k < n; k++) {
      char b[16];
      read(out[k].data.fd, b, sizeof b);
    }
  }
  epoll_wait(ep, out, 4, 2);
  close(ep); close(efd); close(p[0]); close(p[1]);
}

static void echo_pair(int domain, int type) {
  int srv = socket(domain, type, 0);
  if (srv < 0) { warn("socket"); return; }
  int on = 1;
  setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_storage ss;
  socklen_t len;
  memset(&ss, 0, sizeof ss);
  if (domain == AF_INET) {
    struct sockaddr_in *a = (void *)&ss;
    a->sin_family = AF_INET; a->sin_addr.s_addr = htonl(INADDR_LOOPBACK); len = sizeof *a;
  } else if (domain == AF_INET6) {
    struct sockaddr_in6 *a = (void *)&ss;
    a->sin6_family = AF_INET6; a->sin6_addr = in6addr_loopback; len = sizeof *a;
  } else {
    struct sockaddr_un *a = (void *)&ss;
    a->sun_family = AF_UNIX; strcpy(a->sun_path + 1, "mixload"); len = sizeof(sa_family_t) + 8;
  }
  if (bind(srv, (void *)&ss, len) < 0) { warn("bind"); close(srv); return; }
  getsockname(srv, (void *)&ss, &len);
  if (type == SOCK_STREAM) listen(srv, 4);
  pid_t c = fork();
  if (c == 0) {
    int s = socket(domain, type, 0);
    if (connect(s, (void *)&ss, len) < 0) _exit(1);
    char buf[3000];
    memset(buf, 'm', sizeof buf);
    for (int i = 0; i < 3; i++) {
      send(s, buf, 100 + i * 900, 0);
      recv(s, buf, sizeof buf, 0);
    }
    shutdown(s, SHUT_RDWR);
    close(s);
    _exit(0);
  }
  int conn = srv;
  if (type == SOCK_STREAM) conn = accept(srv, NULL, NULL);
  char buf[4096];
  for (int i = 0; i < 3 && conn >= 0; i++) {
    struct sockaddr_storage from;
    socklen_t fl = sizeof from;
    ssize_t n = recvfrom(conn, buf, sizeof buf, 0, (void *)&from, &fl);
    if (n <= 0) break;
    if (type == SOCK_STREAM) send(conn, buf, n, 0);
    else sendto(conn, buf, n, 0, (void *)&from, fl);
  }
  waitpid(c, NULL, 0);
  if (conn != srv) close(conn);
  close(srv);
}

static void phase_net(void) {
  echo_pair(AF_INET, SOCK_STREAM);
  echo_pair(AF_INET, SOCK_DGRAM);
  echo_pair(AF_INET6, SOCK_STREAM);
  echo_pair(AF_INET6, SOCK_DGRAM);
  echo_pair(AF_UNIX, SOCK_STREAM);
  /* a refused connection (RST) */
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  connect(s, (void *)&a, sizeof a);
  close(s);
}

static void phase_memory(void) {
  size_t len = 1 << 20;
  char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) { warn("mmap"); return; }
  for (size_t i = 0; i < len; i += 4096) m[i] = (char)i;          /* page faults, page allocation */
  mprotect(m, len / 2, PROT_READ);
  madvise(m + len / 2, len / 4, MADV_DONTNEED);
  madvise(m + len / 2, len / 4, MADV_HUGEPAGE);
  for (size_t i = len / 2; i < len; i += 4096) m[i] = 1;
  char *n = mremap(m, len, len * 2, MREMAP_MAYMOVE);
  if (n != MAP_FAILED) m = n, len *= 2;
  for (size_t i = len / 2; i < len; i += 65536) m[i] = 2;
  munmap(m, len);
  /* many small allocations: slab and per-cpu page lists */
  void *blocks[128];
  for (int i = 0; i < 128; i++) blocks[i] = malloc(64 + (i * 37) % 4000);
  for (int i = 0; i < 128; i++) free(blocks[i]);
  char *big = malloc(512 << 10);
  if (big) { memset(big, 1, 512 << 10); free(big); }
}

static void phase_files(const char *dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/mixload.dat", dir);
  int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
  if (fd < 0) { warn(path); return; }
  char buf[8192];
  memset(buf, 'f', sizeof buf);
  for (int i = 0; i < 4; i++) {
    write(fd, buf, sizeof buf);
    if (i % 2 == 1) fsync(fd);
  }
  fdatasync(fd);
  ftruncate(fd, 20000);
  posix_fallocate(fd, 0, 65536);
  lseek(fd, 0, SEEK_SET);
  while (read(fd, buf, sizeof buf) > 0) {}
  char *m = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (m != MAP_FAILED) {
    for (int i = 0; i < 65536; i += 4096) m[i] = 'w';
    msync(m, 65536, MS_SYNC);
    munmap(m, 65536);
  }
  close(fd);
  char to[512];
  snprintf(to, sizeof to, "%s/mixload.renamed", dir);
  rename(path, to);
  unlink(to);
  snprintf(path, sizeof path, "%s/mixload.d", dir);
  mkdir(path, 0755);
  for (int i = 0; i < 5; i++) {
    snprintf(to, sizeof to, "%s/mixload.d/file-%d", dir, i);
    int f = open(to, O_CREAT | O_WRONLY, 0600);
    if (f >= 0) { write(f, buf, 100 * i); close(f); }
  }
  sync();
  for (int i = 0; i < 5; i++) {
    snprintf(to, sizeof to, "%s/mixload.d/file-%d", dir, i);
    unlink(to);
  }
  rmdir(path);
  syncfs(open(dir, O_RDONLY | O_DIRECTORY));
}

static void phase_processes(void) {
  for (int i = 0; i < 1; i++) {
    pid_t c = fork();
    if (c == 0) {
      execl("/bin/true", "true", (char *)NULL);
      _exit(127);
    }
    waitpid(c, NULL, 0);
  }
  pid_t c = vfork();
  if (c == 0) _exit(3);
  int st;
  waitpid(c, &st, 0);
  setpriority(PRIO_PROCESS, 0, 5);
  struct sched_param sp = {.sched_priority = 10};
  sched_setscheduler(0, SCHED_FIFO, &sp);
  sched_yield();
  sp.sched_priority = 0;
  sched_setscheduler(0, SCHED_OTHER, &sp);
  for (int cpu = 0; cpu < 2; cpu++) {   /* migrate between the two vCPUs */
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
    sched_yield();
  }
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/tmp";
  phase_futex();
  phase_signals();
  phase_sleep();
  phase_pollers();
  phase_net();
  phase_memory();
  phase_files(dir);
  phase_processes();
  return 0;
}
