/*
 * tep-oracle: what trace-cmd report 3.1.6 prints as the info of generated records, for every
 * event format of a trace-cmd .dat.  A development tool of tracesym (not shipped, not needed by
 * its build or tests): tools/tep-oracle/run.sh builds it against Debian's libtracecmd 3.1.6 and
 * libtraceevent 1.7.1 and compares tracesym's renderer with its output.
 *
 * The .dat is opened with libtracecmd exactly as trace-cmd report opens it (formats, kallsyms,
 * printk formats; trace-cmd's own ftrace handlers and libtraceevent's plugins, or none with -N),
 * so the plugins' event handlers and print-fmt helper functions are the ones trace-cmd uses.
 * For each event format it generates COUNT records (more when the print fmt has a
 * __print_symbolic/__print_flags table: every key is used) with values chosen to reach every
 * rendering path: zeros, all-ones, small and negative numbers, the extremes of each width, single
 * bits, kernel symbol addresses (exact, inside, past the end), addresses of printk strings, every
 * key of the symbolic tables and combinations of the flag tables, strings with odd bytes, and
 * dynamic arrays of every length from 0 to 8 elements.  The records depend only on the formats,
 * the symbol and printk addresses and the seed, so two runs give the same records.
 *
 * Usage: tep-oracle [-N] [-f FILL] [-n COUNT] [-s SEED] -k KALLSYMS -p PRINTK [-b FORMAT] FILE.dat
 *   -N        no plugins and no trace-cmd handlers (trace-cmd report -N)
 *   -f FILL   the byte value behind each record (default 0); run with two fills to find output
 *             that depends on bytes past the record (libtraceevent reads past it in places)
 *   -n COUNT  records per event before the symbolic keys are added (default 12)
 *   -k, -p    the trace's kallsyms and printk formats as text (trace-cmd dump --kallsyms/--printk)
 *   -b FORMAT only bprint records, for one extra trace_printk format registered at 0xffffffffc0fe0000
 *             (libtraceevent fails the bprint event for good after one format it cannot parse, so
 *             each extra format needs a fresh handle: one run each)
 * Output, one line per record: "system:name<TAB>hex bytes of the record<TAB>info", the info
 * escaped: backslash as \\, newline as \n, other bytes outside 0x20-0x7e as \xNN; <CRASH> when
 * libtraceevent crashed on the record; "<LONG length fnv1a-64>" for an info over 64 KiB.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <trace-cmd/trace-cmd.h>
#include <event-parse.h>
#include <trace-seq.h>

#define MAX_RECORD 4096
#define MAX_KEYS 512
#define BPRINT_ADDR 0xffffffffc0fe0000ULL
#define LONG_INFO 65536   /* longer infos (e.g. a function_graph depth of 10^9) are given as length and hash */

static sigjmp_buf crash;
static void on_crash(int sig) { siglongjmp(crash, sig); }

/* ---- deterministic random numbers (xorshift64*) */
static uint64_t rng_state;
static uint64_t rnd64(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1DULL;
}
static unsigned rnd(unsigned n) { return n ? (unsigned)(rnd64() % n) : 0; }

/* ---- addresses from the trace's kallsyms and printk formats */
static uint64_t *syms, *printks;
static size_t nsyms, nprintks;

static uint64_t *read_addresses(const char *path, int kallsyms, size_t *count) {
  FILE *f = fopen(path, "r");
  if (!f) { perror(path); exit(2); }
  size_t cap = 1024, n = 0;
  uint64_t *a = malloc(cap * sizeof *a);
  char *line = NULL;
  size_t len = 0;
  while (getline(&line, &len, f) > 0) {
    unsigned long long v;
    char type;
    if (kallsyms) {
      if (sscanf(line, "%llx %c", &v, &type) != 2 || type == 'A' || type == 'a') continue;
    } else if (sscanf(line, "%llx", &v) != 1) continue;
    if (n == cap) a = realloc(a, (cap *= 2) * sizeof *a);
    a[n++] = v;
  }
  free(line);
  fclose(f);
  *count = n;
  return a;
}

static uint64_t symbol_address(void) {
  if (!nsyms) return 0xffffffff81000000ULL;
  uint64_t a = syms[rnd(nsyms)];
  switch (rnd(4)) {
  case 0: return a;                    /* the exact start */
  case 1: return a + 1 + rnd(64);      /* inside */
  case 2: return a + 0x10000 + rnd(0x100000);  /* far from it: another symbol, or none */
  default: return a + rnd(16);
  }
}

/* ---- the symbolic tables of a print fmt: which field each __print_symbolic/_flags reads */
struct table {
  struct tep_format_field *field;
  int flags;
  int n;
  unsigned long long keys[MAX_KEYS];
};
static struct table tables[64];
static int ntables;
/* fields that give a length to __print_hex/__print_array: random values there only make libtraceevent
   read far past the record (and crash), so they get lengths up to 40 */
static struct tep_format_field *lengths[16];
static int nlengths;

static struct tep_format_field *field_of(struct tep_print_arg *a) {
  for (int depth = 0; a && depth < 16; depth++) {
    switch (a->type) {
    case TEP_PRINT_FIELD: return a->field.field;
    case TEP_PRINT_TYPE: a = a->typecast.item; break;
    case TEP_PRINT_OP: {
      struct tep_format_field *l = field_of(a->op.left);
      if (l) return l;
      a = a->op.right;
      break;
    }
    default: return NULL;
    }
  }
  return NULL;
}

static void walk_args(struct tep_print_arg *a, int depth) {
  for (; a && depth < 32; a = a->next) {
    switch (a->type) {
    case TEP_PRINT_FLAGS:
    case TEP_PRINT_SYMBOL: {
      int flags = a->type == TEP_PRINT_FLAGS;
      struct tep_format_field *f = field_of(flags ? a->flags.field : a->symbol.field);
      if (f && ntables < 64) {
        struct table *t = &tables[ntables++];
        t->field = f;
        t->flags = flags;
        t->n = 0;
        for (struct tep_print_flag_sym *s = flags ? a->flags.flags : a->symbol.symbols; s && t->n < MAX_KEYS; s = s->next)
          t->keys[t->n++] = strtoull(s->value, NULL, 0);
      }
      walk_args(flags ? a->flags.field : a->symbol.field, depth + 1);
      break;
    }
    case TEP_PRINT_HEX:
    case TEP_PRINT_HEX_STR:
    case TEP_PRINT_INT_ARRAY: {
      struct tep_format_field *f = field_of(a->type == TEP_PRINT_INT_ARRAY ? a->int_array.count : a->hex.size);
      if (f && nlengths < 16) lengths[nlengths++] = f;
      break;
    }
    case TEP_PRINT_OP:
      walk_args(a->op.left, depth + 1);
      walk_args(a->op.right, depth + 1);
      break;
    case TEP_PRINT_TYPE: walk_args(a->typecast.item, depth + 1); break;
    case TEP_PRINT_FUNC: walk_args(a->func.args, depth + 1); break;
    default: break;
    }
  }
}

static struct table *table_for(struct tep_format_field *f) {
  for (int i = 0; i < ntables; i++)
    if (tables[i].field == f) return &tables[i];
  return NULL;
}

/* ---- values */
static void put(unsigned char *b, int off, int size, uint64_t v) {
  for (int i = 0; i < size && i < 8 && off + i < MAX_RECORD; i++) b[off + i] = (unsigned char)(v >> (8 * i));
}

/* A number of `size` bytes in variant v (0..4 are the same kind for every field); t: the field's table. */
static uint64_t number_of(int size, int sign, struct table *t, int v) {
  if (size > 8) size = 8;
  if (size < 1) size = 1;
  uint64_t all = size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
  switch (v) {
  case 0: return 0;
  case 1: return all;                                        /* -1 */
  case 2: return 1 + rnd(9);
  case 3: return sign ? (all >> 1) : all;                    /* the largest value */
  case 4: return sign ? (all >> 1) + 1 : (all >> 1) + 1;     /* the smallest signed, the top bit */
  }
  if (t && t->n && rnd(3) != 0) {
    if (!t->flags) return t->keys[(v - 5) % t->n];
    uint64_t m = 0;                                          /* a few flags, sometimes with unknown bits */
    int k = 1 + rnd(4);
    for (int i = 0; i < k; i++) m |= t->keys[rnd(t->n)];
    if (rnd(5) == 0) m |= 1ULL << rnd(size * 8);
    return (v - 5) % 11 == 0 ? 0 : m;
  }
  switch (rnd(12)) {
  case 0: return 0;
  case 1: return rnd(10);
  case 2: return -(uint64_t)(1 + rnd(100));
  case 3: return rnd64();
  case 4: return (uint64_t)(int64_t)(int32_t)rnd64();
  case 5: case 6: return symbol_address();
  case 7: return nprintks ? printks[rnd(nprintks)] : 2;
  case 8: return 1ULL << rnd(size * 8);
  case 9: return 0xffffffffc0000000ULL + rnd(0x1000000);    /* module space, maybe nothing there */
  case 10: return rnd(1 << 16);
  default: return (uint64_t)rnd(4096) << 12;                 /* page-aligned small numbers */
  }
}

static uint64_t number(struct tep_format_field *f, int v) {
  for (int i = 0; i < nlengths; i++)
    if (lengths[i] == f) return v == 0 ? 0 : v == 1 ? 40 : rnd(41);
  return number_of(f->size, (f->flags & TEP_FIELD_IS_SIGNED) != 0, table_for(f), v);
}

static const char odd[] = "\t\n\r\x01\x1b\x7f\x80\xe9\xff%\\\"";

/* Text of length len at b+off, NUL after it unless it would not fit; odd bytes in odd variants. */
static void text(unsigned char *b, int off, int len, int room, int v) {
  int oddv = v % 5 == 3;
  for (int i = 0; i < len && i < room && off + i < MAX_RECORD; i++) {
    if (oddv && rnd(4) == 0) b[off + i] = (unsigned char)odd[rnd(sizeof odd - 1)];
    else b[off + i] = (unsigned char)(32 + rnd(95));
  }
  if (len < room && off + len < MAX_RECORD) b[off + len] = 0;
}

static int is_text(struct tep_format_field *f) {
  return (f->flags & TEP_FIELD_IS_STRING) || strstr(f->type, "char");
}

/* Builds record v of event ev into b; returns its size. */
static int generate(struct tep_event *ev, int v, unsigned char *b) {
  memset(b, 0, MAX_RECORD);
  int end = 0;
  for (struct tep_format_field *f = ev->format.common_fields; f; f = f->next)
    if (f->offset + f->size > end) end = f->offset + f->size;
  for (struct tep_format_field *f = ev->format.fields; f; f = f->next)
    if (f->offset + f->size > end) end = f->offset + f->size;
  if (end > MAX_RECORD / 2) end = MAX_RECORD / 2;
  int dyn = (end + 3) & ~3;
  for (struct tep_format_field *f = ev->format.common_fields; f; f = f->next) {
    if (!strcmp(f->name, "common_type")) put(b, f->offset, f->size, ev->id);
    else if (!strcmp(f->name, "common_pid")) put(b, f->offset, f->size, 0);   /* "<idle>": see run.sh */
    else put(b, f->offset, f->size, v < 2 ? number(f, v) : rnd64());
  }
  for (struct tep_format_field *f = ev->format.fields; f; f = f->next) {
    if (f->offset + f->size > MAX_RECORD / 2) continue;
    if (f->flags & TEP_FIELD_IS_DYNAMIC) {
      int el = f->elementsize ? (int)f->elementsize : 1;
      int len;
      if (is_text(f)) {
        int tl = v == 0 ? -1 : v == 1 ? 0 : v == 2 ? 1 + rnd(3) : rnd(48);
        if (tl < 0) len = 0;
        else { text(b, dyn, tl, tl + 1, v); len = tl + 1; }
      } else {
        int n = v == 0 ? 0 : v == 1 ? 8 : (v + rnd(3)) % 9;     /* every length 0..8 elements */
        len = n * el;
        if (len > 512) len = 512;
        for (int k = 0; k + el <= len; k += el) {
          if (el == 8 && rnd(2)) put(b, dyn + k, 8, number_of(8, 0, NULL, 5 + rnd(64)));
          else for (int j = 0; j < el; j++) b[dyn + k + j] = (unsigned char)(v == 1 ? 0xff : rnd(256));
        }
        if (v > 4 && rnd(9) == 0) len += 1 + rnd(el > 1 ? el - 1 : 3);   /* a length that is not a multiple */
      }
      int off = (f->flags & TEP_FIELD_IS_RELATIVE) ? dyn - (f->offset + f->size) : dyn;
      if (f->size >= 4) put(b, f->offset, 4, ((uint64_t)len << 16) | (unsigned)off);
      else put(b, f->offset, f->size, off);
      dyn += (len + 3) & ~3;
      if (dyn > MAX_RECORD - 600) dyn = MAX_RECORD - 600;
    } else if (f->flags & TEP_FIELD_IS_ARRAY) {
      int el = f->elementsize ? (int)f->elementsize : 1;
      if (is_text(f) && el == 1) {
        int room = f->size ? f->size : 24;
        int tl = v == 0 ? 0 : v == 1 ? room : rnd(room + 1);  /* v1: no NUL inside the array */
        text(b, f->offset, tl, room, v);
      } else if (el == 8 || el == 4 || el == 2) {
        for (int k = 0; k + el <= f->size; k += el)
          put(b, f->offset + k, el, number_of(el, (f->flags & TEP_FIELD_IS_SIGNED) != 0, NULL, v < 5 ? v : 5 + rnd(64)));
      } else {
        for (int k = 0; k < f->size; k++) b[f->offset + k] = (unsigned char)(v == 0 ? 0 : v == 1 ? 0xff : rnd(256));
      }
    } else {
      put(b, f->offset, f->size, number(f, v));
    }
  }
  return (dyn + 3) & ~3;
}

/* bprint: a fmt pointer (a printk format, or the -b one) and a buffer of vbin_printf words */
static int generate_bprint(struct tep_event *ev, int v, unsigned char *b, int extra) {
  memset(b, 0, MAX_RECORD);
  struct tep_format_field *ip = tep_find_field(ev, "ip"), *fmt = tep_find_field(ev, "fmt"), *buf = tep_find_field(ev, "buf");
  struct tep_format_field *type = tep_find_common_field(ev, "common_type");
  if (!ip || !fmt || !buf || !type) return generate(ev, v, b);
  put(b, type->offset, type->size, ev->id);
  put(b, ip->offset, ip->size, symbol_address());
  put(b, fmt->offset, fmt->size, extra ? BPRINT_ADDR : nprintks ? printks[rnd(nprintks)] : 0);
  int p = buf->offset, limit = buf->offset + 96;
  while (p + 8 <= limit) {
    switch (rnd(4)) {
    case 0: put(b, p, 4, number_of(4, 1, NULL, v < 5 ? v : 5 + rnd(64))); p += 4; break;
    case 1: put(b, p, 8, number_of(8, 1, NULL, v < 5 ? v : 5 + rnd(64))); p += 8; break;
    default: {
      int n = rnd(12);
      text(b, p, n, n + 1, v);
      p = (p + n + 1 + 3) & ~3;
    }
    }
  }
  /* short trace_printk()s end early; records of the -b formats keep the whole buffer */
  return extra ? limit : buf->offset + 4 * rnd(25);
}

static void print_escaped(const char *s, unsigned len) {
  for (unsigned i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\\') fputs("\\\\", stdout);
    else if (c == '\n') fputs("\\n", stdout);
    else if (c < 0x20 || c >= 0x7f) printf("\\x%02x", c);
    else putchar(c);
  }
}

static int by_id(const void *a, const void *b) {
  return (*(struct tep_event *const *)a)->id - (*(struct tep_event *const *)b)->id;
}

int main(int argc, char **argv) {
  int noplugins = 0, fill = 0, count = 12, opt;
  unsigned long long seed = 42;
  const char *kallsyms = NULL, *printk = NULL, *bformat = NULL;
  while ((opt = getopt(argc, argv, "Nf:n:s:k:p:b:")) != -1) {
    switch (opt) {
    case 'N': noplugins = 1; break;
    case 'f': fill = atoi(optarg); break;
    case 'n': count = atoi(optarg); break;
    case 's': seed = strtoull(optarg, NULL, 0); break;
    case 'k': kallsyms = optarg; break;
    case 'p': printk = optarg; break;
    case 'b': bformat = optarg; break;
    default: fprintf(stderr, "usage: %s [-N] [-f FILL] [-n COUNT] [-s SEED] -k KALLSYMS -p PRINTK [-b FORMAT] FILE.dat\n", argv[0]); return 2;
    }
  }
  if (optind >= argc || !kallsyms || !printk) { fprintf(stderr, "%s: FILE.dat, -k and -p are needed\n", argv[0]); return 2; }
  syms = read_addresses(kallsyms, 1, &nsyms);
  printks = read_addresses(printk, 0, &nprintks);
  /* records are generated from the formats as parsed with plugins (-N fails the print fmts that
     call plugin helpers, and the records must not depend on the mode) in a handle of their own:
     rendering changes a handle's fields (a string array printed raw with unprintable bytes is a
     string no more); they are rendered in the mode's handle */
  struct tracecmd_input *gen = tracecmd_open(argv[optind], 0);
  struct tracecmd_input *handle = tracecmd_open(argv[optind], noplugins ? TRACECMD_FL_LOAD_NO_PLUGINS : 0);
  if (!gen || !handle) { fprintf(stderr, "%s: cannot open %s\n", argv[0], argv[optind]); return 2; }
  struct tep_handle *tep = tracecmd_get_tep(handle);
  if (bformat) {
    char *line;
    if (asprintf(&line, "0x%llx : \"%s\"\n", BPRINT_ADDR, bformat) < 0) return 1;
    tep_parse_printk_formats(tep, line);
    free(line);
  }
  struct tep_handle *gtep = tracecmd_get_tep(gen);
  int n = tep_get_events_count(gtep);
  struct tep_event **all = tep_list_events(gtep, TEP_EVENT_SORT_ID);
  struct tep_event **events = malloc(n * sizeof *events);
  memcpy(events, all, n * sizeof *events);
  qsort(events, n, sizeof *events, by_id);

  static unsigned char data[MAX_RECORD + 4096];
  struct trace_seq s;
  trace_seq_init(&s);
  signal(SIGSEGV, on_crash);
  signal(SIGBUS, on_crash);
  signal(SIGFPE, on_crash);
  for (int e = 0; e < n; e++) {
    struct tep_event *ev = events[e];
    int bprint = !strcmp(ev->system, "ftrace") && !strcmp(ev->name, "bprint");
    if (bformat && !bprint) continue;
    /* the same records whatever the fill and mode: a seed per event */
    rng_state = seed * 0x9E3779B97F4A7C15ULL + (uint64_t)ev->id * 0xBF58476D1CE4E5B9ULL + 1;
    ntables = nlengths = 0;
    walk_args(ev->print_fmt.args, 0);
    int total = count;
    for (int t = 0; t < ntables; t++)
      if (5 + tables[t].n + 2 > total) total = 5 + tables[t].n + 2;
    if (bprint) total = bformat ? count * 5 : count * 20;   /* each record picks another format */
    if (total > 600) total = 600;
    for (int v = 0; v < total; v++) {
      int size = bprint ? generate_bprint(ev, v, data, bformat != NULL) : generate(ev, v, data);
      memset(data + size, fill, sizeof data - size);
      printf("%s:%s\t", ev->system, ev->name);
      for (int i = 0; i < size; i++) printf("%02x", data[i]);
      putchar('\t');
      struct tep_record rec;
      memset(&rec, 0, sizeof rec);
      rec.data = data;
      rec.size = size;
      rec.record_size = size;
      rec.ts = 1000;
      rec.cpu = 0;
      trace_seq_reset(&s);
      if (sigsetjmp(crash, 1)) {
        trace_seq_destroy(&s);
        trace_seq_init(&s);
        puts("<CRASH>");
        fflush(stdout);
        continue;
      }
      tep_print_event(tep, &s, &rec, "%s", TEP_PRINT_INFO);
      if (s.len > LONG_INFO) {
        uint64_t h = 0xcbf29ce484222325ULL;     /* FNV-1a 64 of the bytes */
        for (unsigned i = 0; i < s.len; i++) h = (h ^ (unsigned char)s.buffer[i]) * 0x100000001b3ULL;
        printf("<LONG %u %016llx>", s.len, (unsigned long long)h);
      } else print_escaped(s.buffer, s.len);
      putchar('\n');
    }
  }
  fflush(stdout);
  trace_seq_destroy(&s);
  return 0;
}
