/*
 * Preloaded ahead of libfaketime by run-under-faked-clock.sh, for every process of a faked run.
 *
 * libfaketime (0.9.10, and upstream still) wraps the blocking waits below and, while a thread is inside
 * one, answers that thread's clock reads with the REAL time (its per-thread dont_fake flag). A signal
 * handler that runs during the wait therefore sees the real clock. PostgreSQL's SIGALRM handler compares
 * "now" with deadlines it set on the faked clock: with the fake ahead of the real clock it decides they
 * have not come yet and re-arms for hours later, so statement_timeout, lock_timeout and deadlock_timeout
 * never fire while a backend waits (pg_sleep, a lock, a latch). With the fake behind the real clock they
 * fire at once.
 *
 * The wrappers only scale timeouts when time runs at another rate (FAKETIME "x2"), which these runs never
 * ask for; so these waits go straight to the kernel and libfaketime keeps faking every clock read.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SIGSET_BYTES (_NSIG / 8)

int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout) {
  return (int)syscall(SYS_epoll_pwait, epfd, events, maxevents, timeout, NULL, SIGSET_BYTES);
}

int epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout, const sigset_t *sigmask) {
  return (int)syscall(SYS_epoll_pwait, epfd, events, maxevents, timeout, sigmask, SIGSET_BYTES);
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout) {
  return (int)syscall(SYS_poll, fds, nfds, timeout);
}

int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask) {
  struct timespec left; /* the kernel writes the time left back; the caller's stays as it was */
  if (timeout) left = *timeout;
  return (int)syscall(SYS_ppoll, fds, nfds, timeout ? &left : NULL, sigmask, SIGSET_BYTES);
}

int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds, struct timeval *timeout) {
  return (int)syscall(SYS_select, nfds, readfds, writefds, exceptfds, timeout);
}

int nanosleep(const struct timespec *req, struct timespec *rem) {
  return (int)syscall(SYS_nanosleep, req, rem);
}
