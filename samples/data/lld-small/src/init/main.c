int fat_cache_init(int); int proc_init(int);
void _start(void) { proc_init(fat_cache_init(1)); }
