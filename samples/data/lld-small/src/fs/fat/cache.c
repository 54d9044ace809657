__attribute__((noinline)) static int init_once(int x) { return x * 3 + 1; }
int fat_cache_init(int x) { return init_once(x) + 2; }
