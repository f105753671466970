// The machine's floor for the fan-out benchmark: plain TCP over loopback, no WebSocket, no JSON,
// no Redis, no JVM. A sender writes a 120-byte message (about the size of the bench's frame) to
// every one of N connections at a fixed rate; a receiver reads them with epoll and records the
// time from each message's *scheduled* send to its receipt. What this program cannot reach on a
// machine, no gateway in any language reaches there either. See docs/benchmarks.md, "The floor".
//
//   gcc -O2 -pthread -o /tmp/loopback-fanout redcast-bench/floor/loopback-fanout.c
//   /tmp/loopback-fanout send    PORT CONNECTIONS THREADS RATE SECONDS &
//   /tmp/loopback-fanout receive PORT CONNECTIONS THREADS SECONDS
//
// RATE is messages per second to all connections (deliveries/s = RATE x CONNECTIONS). Start the
// receiver within a second of the sender; the sender begins once every connection is accepted.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MESSAGE 120
#define MAX_THREADS 64
#define BUCKET_NANOS 10000ull /* latency histogram resolution: 10 us, up to 1 s */
#define BUCKETS 100000

static int *fds;
static int connections, threads;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000ull + t.tv_nsec;
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void no_delay(int fd) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* Sender: each writer thread owns a share of the connections, like a gateway's event loop. It
 * sends every message that is due to all of its connections, one write per connection; when it
 * has fallen behind, that one write carries all the messages due meanwhile (as redcast's drain
 * does), so a slow round costs latency rather than throughput. */
#define MAX_BATCH 64
static uint64_t start_ns, period_ns;
static long messages;

static void *writer(void *arg) {
    long id = (long) arg, sent = 0;
    char *batch = malloc((size_t) MAX_BATCH * MESSAGE);
    memset(batch, 'x', (size_t) MAX_BATCH * MESSAGE);
    while (sent < messages) {
        uint64_t now = now_ns(), next = start_ns + sent * period_ns;
        if (now < next) {
            struct timespec wake = {next / 1000000000ull, next % 1000000000ull};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wake, NULL);
            continue;
        }
        long due = (long) ((now - start_ns) / period_ns) + 1;
        if (due > messages) due = messages;
        if (due - sent > MAX_BATCH) due = sent + MAX_BATCH;
        for (long k = sent; k < due; k++) {
            uint64_t stamp = start_ns + k * period_ns;
            memcpy(batch + (k - sent) * MESSAGE, &stamp, sizeof stamp);
        }
        size_t length = (size_t) (due - sent) * MESSAGE;
        for (int i = id; i < connections; i += threads) {
            // Blocking writes: a receiver that falls behind slows the sender, and the schedule
            // (not the actual send time) in each message turns that into measured latency.
            if (write(fds[i], batch, length) != (ssize_t) length) {
                perror("write");
                exit(1);
            }
        }
        sent = due;
    }
    free(batch);
    return NULL;
}

static int send_main(int port, double rate, int seconds) {
    int listener = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (void *) &address, sizeof address) || listen(listener, 4096)) {
        perror("listen");
        return 1;
    }
    fds = calloc(connections, sizeof(int));
    for (int i = 0; i < connections; i++) {
        fds[i] = accept(listener, NULL, NULL);
        no_delay(fds[i]);
    }
    start_ns = now_ns() + 1000000000ull;
    period_ns = (uint64_t) (1e9 / rate);
    messages = (long) (rate * seconds);
    double cpu_before = cpu_seconds();
    pthread_t writers[MAX_THREADS];
    for (long t = 0; t < threads; t++) pthread_create(&writers[t], NULL, writer, (void *) t);
    for (int t = 0; t < threads; t++) pthread_join(writers[t], NULL);
    double cpu = cpu_seconds() - cpu_before;
    printf("send: %ld messages x %d connections, cpu %.2f s, %.2f us per delivery\n", messages, connections, cpu,
           cpu * 1e6 / ((double) messages * connections));
    sleep(2); // let the receiver drain before the connections close
    return 0;
}

/* Receiver: one epoll per thread over its share of the connections. */
static int receive_seconds;
static uint64_t histogram[MAX_THREADS][BUCKETS];
static uint64_t received[MAX_THREADS];

static void *reader(void *arg) {
    long id = (long) arg;
    int epoll = epoll_create1(0);
    for (int i = id; i < connections; i += threads) {
        struct epoll_event e = {.events = EPOLLIN, .data.u32 = i};
        epoll_ctl(epoll, EPOLL_CTL_ADD, fds[i], &e);
    }
    int *partial_length = calloc(connections, sizeof(int));
    char (*partial)[MESSAGE] = calloc(connections, MESSAGE);
    char buffer[65536];
    struct epoll_event ready[512];
    uint64_t end = now_ns() + (receive_seconds + 3) * 1000000000ull;
    while (now_ns() < end) {
        int n = epoll_wait(epoll, ready, 512, 100);
        for (int j = 0; j < n; j++) {
            int i = ready[j].data.u32;
            ssize_t r = read(fds[i], buffer, sizeof buffer);
            uint64_t now = now_ns();
            for (ssize_t at = 0; at < r;) {
                // TCP may split or join messages: reassemble each connection's current message.
                size_t take = MESSAGE - partial_length[i];
                if (take > (size_t) (r - at)) take = r - at;
                memcpy(partial[i] + partial_length[i], buffer + at, take);
                partial_length[i] += take;
                at += take;
                if (partial_length[i] == MESSAGE) {
                    uint64_t due;
                    memcpy(&due, partial[i], sizeof due);
                    uint64_t bucket = (now - due) / BUCKET_NANOS;
                    histogram[id][bucket < BUCKETS ? bucket : BUCKETS - 1]++;
                    received[id]++;
                    partial_length[i] = 0;
                }
            }
        }
    }
    return NULL;
}

static int receive_main(int port) {
    fds = calloc(connections, sizeof(int));
    for (int i = 0; i < connections; i++) {
        fds[i] = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        if (connect(fds[i], (void *) &address, sizeof address)) {
            perror("connect");
            return 1;
        }
        no_delay(fds[i]);
    }
    pthread_t readers[MAX_THREADS];
    double cpu_before = cpu_seconds();
    for (long t = 0; t < threads; t++) pthread_create(&readers[t], NULL, reader, (void *) t);
    for (int t = 0; t < threads; t++) pthread_join(readers[t], NULL);
    double cpu = cpu_seconds() - cpu_before;

    static uint64_t merged[BUCKETS];
    uint64_t total = 0;
    for (int t = 0; t < threads; t++) {
        total += received[t];
        for (int b = 0; b < BUCKETS; b++) merged[b] += histogram[t][b];
    }
    const double percentiles[] = {50, 90, 99, 99.9, 100};
    printf("receive: %lu deliveries, cpu %.2f s, %.2f us per delivery, latency ms:", total, cpu, cpu * 1e6 / total);
    uint64_t seen = 0;
    int p = 0;
    for (int b = 0; b < BUCKETS && p < 5; b++) {
        seen += merged[b];
        for (; p < 5 && seen >= percentiles[p] / 100 * total; p++) printf(" p%g=%.2f", percentiles[p], (b + 1) * BUCKET_NANOS / 1e6);
    }
    printf("\n");
    return 0;
}

int main(int argc, char **argv) {
    int sending = argc == 7 && strcmp(argv[1], "send") == 0;
    if (!sending && !(argc == 6 && strcmp(argv[1], "receive") == 0)) {
        fprintf(stderr, "usage: %s send PORT CONNECTIONS THREADS RATE SECONDS\n"
                        "       %s receive PORT CONNECTIONS THREADS SECONDS\n", argv[0], argv[0]);
        return 2;
    }
    int port = atoi(argv[2]);
    connections = atoi(argv[3]);
    threads = atoi(argv[4]);
    if (connections <= 0 || threads <= 0 || threads > MAX_THREADS) {
        fprintf(stderr, "CONNECTIONS must be > 0 and THREADS in 1..%d\n", MAX_THREADS);
        return 2;
    }
    if (sending) return send_main(port, atof(argv[5]), atoi(argv[6]));
    receive_seconds = atoi(argv[5]);
    return receive_main(port);
}
