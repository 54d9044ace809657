/*
 * kvmrun: runs a few hundred exits of a tiny real-mode KVM guest, so that the kvm and kvmmmu
 * tracepoints fire (entries, exits with the vendor's exit reasons, port I/O, MMIO, CPUID, HLT,
 * page faults).  Under QEMU's TCG this works where the emulated CPU offers SVM (kvm_amd) or VMX.
 * Usage: kvmrun [EXITS]   (default 200).  Exits 0 also when /dev/kvm is missing (says so).
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* loop: out 0x3f8,'A'; in; MMIO write and read at 0x9000 (no memory there); cpuid; hlt; jmp loop */
static const unsigned char code[] = {
  0xba, 0xf8, 0x03, 0xb0, 0x41, 0xee, 0xec, 0xa2, 0x00, 0x90, 0xa0, 0x00, 0x90,
  0x66, 0x31, 0xc0, 0x0f, 0xa2, 0xf4, 0xeb, 0xeb,
};

int main(int argc, char **argv) {
  int exits = argc > 1 ? atoi(argv[1]) : 200;
  int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (kvm < 0) { puts("kvmrun: no /dev/kvm"); return 0; }
  int vm = ioctl(kvm, KVM_CREATE_VM, 0);
  if (vm < 0) { perror("kvmrun: KVM_CREATE_VM"); return 1; }
  ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000);
  size_t memsize = 0x8000;
  unsigned char *mem = mmap(NULL, memsize, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  memcpy(mem + 0x1000, code, sizeof code);
  struct kvm_userspace_memory_region region = {.slot = 0, .guest_phys_addr = 0, .memory_size = memsize,
                                               .userspace_addr = (unsigned long)mem};
  if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0) { perror("kvmrun: memory region"); return 1; }
  int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
  if (vcpu < 0) { perror("kvmrun: KVM_CREATE_VCPU"); return 1; }
  int runsize = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
  struct kvm_run *run = mmap(NULL, runsize, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
  struct kvm_sregs sregs;
  ioctl(vcpu, KVM_GET_SREGS, &sregs);
  sregs.cs.base = 0;
  sregs.cs.selector = 0;
  ioctl(vcpu, KVM_SET_SREGS, &sregs);
  struct kvm_regs regs = {.rip = 0x1000, .rflags = 2};
  ioctl(vcpu, KVM_SET_REGS, &regs);
  int seen[64] = {0};
  for (int i = 0; i < exits; i++) {
    if (ioctl(vcpu, KVM_RUN, 0) < 0) { perror("kvmrun: KVM_RUN"); return 1; }
    if (run->exit_reason < 64) seen[run->exit_reason]++;
    if (run->exit_reason == KVM_EXIT_MMIO && !run->mmio.is_write) memset(run->mmio.data, 0x5a, sizeof run->mmio.data);
    if (run->exit_reason == KVM_EXIT_IO && run->io.direction == KVM_EXIT_IO_IN)
      memset((char *)run + run->io.data_offset, 0x20, run->io.size * run->io.count);
    if (run->exit_reason == KVM_EXIT_SHUTDOWN || run->exit_reason == KVM_EXIT_FAIL_ENTRY ||
        run->exit_reason == KVM_EXIT_INTERNAL_ERROR) {
      printf("kvmrun: stopped by exit reason %u after %d exits\n", run->exit_reason, i);
      break;
    }
  }
  printf("kvmrun: exits io=%d mmio=%d hlt=%d\n", seen[KVM_EXIT_IO], seen[KVM_EXIT_MMIO], seen[KVM_EXIT_HLT]);
  return 0;
}
