/* Differential oracle: prints event infos with the system's libtraceevent (1.7.1). Dev tool, not shipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "event-parse.h"
#include "trace-seq.h"
#include <setjmp.h>
#include <signal.h>

static sigjmp_buf crash;
static void on_crash(int sig) { siglongjmp(crash, sig); }

static char *read_block(FILE *in, long len) {
  char *b = malloc(len + 1);
  if (fread(b, 1, len, in) != (size_t)len) { fprintf(stderr, "short read\n"); exit(1); }
  b[len] = 0;
  return b;
}

static int hexval(int c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

int main(int argc, char **argv) {
  /* the byte behind each record: run twice with different fills to spot output that depends on it */
  int fill = argc > 1 ? atoi(argv[1]) : 0;
  struct tep_handle *tep = tep_alloc();
  tep_set_long_size(tep, 8);
  tep_set_file_bigendian(tep, TEP_LITTLE_ENDIAN);
  tep_set_page_size(tep, 4096);
  struct tep_plugin_list *plugins = tep_load_plugins(tep);
  (void)plugins;
  char line[1 << 16];
  static unsigned char data[1 << 16];
  struct trace_seq s;
  trace_seq_init(&s);
  FILE *in = stdin;
  signal(SIGSEGV, on_crash);
  signal(SIGBUS, on_crash);
  signal(SIGFPE, on_crash);
  while (fgets(line, sizeof line, in)) {
    if (line[0] == 'F') {
      char sys[256]; long len;
      sscanf(line + 2, "%255s %ld", sys, &len);
      char *b = read_block(in, len);
      tep_parse_event(tep, b, len, sys);
      free(b);
    } else if (line[0] == 'K') {
      long len; sscanf(line + 2, "%ld", &len);
      char *b = read_block(in, len);
      tep_parse_kallsyms(tep, b);
      free(b);
    } else if (line[0] == 'P') {
      long len; sscanf(line + 2, "%ld", &len);
      char *b = read_block(in, len);
      tep_parse_printk_formats(tep, b);
      free(b);
    } else if (line[0] == 'R') {
      int n = 0;
      memset(data, fill, sizeof data);
      for (char *p = line + 2; p[0] && p[1] && p[0] != '\n'; p += 2) data[n++] = hexval(p[0]) << 4 | hexval(p[1]);
      struct tep_record rec;
      memset(&rec, 0, sizeof rec);
      rec.data = data; rec.size = n; rec.record_size = n; rec.ts = 1000;
      struct tep_event *ev = tep_find_event_by_record(tep, &rec);
      if (ev) ev->flags |= TEP_EVENT_FL_NOHANDLE;
      trace_seq_reset(&s);
      /* records that make libtraceevent read wild memory are reported, not rendered */
      if (sigsetjmp(crash, 1)) {
        trace_seq_destroy(&s);
        trace_seq_init(&s);
        puts("<CRASH>");
        fflush(stdout);
        continue;
      }
      tep_print_event(tep, &s, &rec, "%s", TEP_PRINT_INFO);
      for (unsigned i = 0; i < s.len; i++) {
        unsigned char c = s.buffer[i];
        if (c == '\\') fputs("\\\\", stdout);
        else if (c == '\n') fputs("\\n", stdout);
        else if (c < 0x20 || c >= 0x7f) printf("\\x%02x", c);
        else putchar(c);
      }
      putchar('\n');
      fflush(stdout);
    }
  }
  return 0;
}
