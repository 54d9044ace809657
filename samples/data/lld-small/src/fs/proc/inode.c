__attribute__((noinline)) static int init_once(int x) { return x * 5 + 7; }
int proc_init(int x) { return init_once(x) - 1; }
int proc_data = 42;
