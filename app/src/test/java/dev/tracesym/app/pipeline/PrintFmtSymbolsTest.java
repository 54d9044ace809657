package dev.tracesym.app.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracesym.app.pipeline.PrintFmtSymbols.FieldRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kernel-address fields and trace_printk symbol arguments read from real print formats (Linux 6.1). */
class PrintFmtSymbolsTest {
    @Test
    void fieldsPrintedAsSymbols() {
        assertEquals(List.of(new FieldRef("ip", false), new FieldRef("parent_ip", false)),
                PrintFmtSymbols.fields("\" %ps <-- %ps\", (void *)REC->ip, (void *)REC->parent_ip"));
        assertEquals(List.of(new FieldRef("call_site", false)), PrintFmtSymbols.fields(
                "\"call_site=%pS ptr=%p bytes_req=%zu bytes_alloc=%zu gfp_flags=%s node=%d accounted=%s\", "
                        + "(void *)REC->call_site, REC->ptr, REC->bytes_req, REC->bytes_alloc, "
                        + "(REC->gfp_flags) ? __print_flags(REC->gfp_flags, \"|\", {(unsigned long)(((gfp_t)(0x400u|0x800u)) "
                        + "| ((gfp_t)0x40u) | ((gfp_t)0x80u)), \"GFP_KERNEL\"}) : \"none\", REC->node, REC->accounted ? \"true\" : \"false\""));
        assertEquals(List.of(new FieldRef("function", false)), PrintFmtSymbols.fields(
                "\"work struct=%p function=%ps workqueue=%s req_cpu=%u cpu=%u\", REC->work, REC->function, "
                        + "__get_str(workqueue), REC->req_cpu, REC->cpu"));
        assertEquals(List.of(new FieldRef("caller_offs", true), new FieldRef("parent_offs", true)), PrintFmtSymbols.fields(
                "\"caller=%pS parent=%pS\", (void *)((unsigned long)(_stext) + REC->caller_offs), "
                        + "(void *)((unsigned long)(_stext) + REC->parent_offs)"));
        // each element of the stack array names the same field, once
        assertEquals(List.of(new FieldRef("caller", false)), PrintFmtSymbols.fields(
                "\"\\t=> %ps\\n\\t=> %ps\\n\", (void *)REC->caller[0], (void *)REC->caller[1]"));
        // %p without a symbol extension is a plain pointer; %pS of an expression is no field
        assertEquals(List.of(), PrintFmtSymbols.fields("\"hrtimer=%p now=%llu\", REC->hrtimer, REC->now"));
        assertEquals(List.of(), PrintFmtSymbols.fields("\"%pS\", (void *)(REC->a + REC->b)"));
        assertEquals(List.of(new FieldRef("__probe_ip", false)),
                PrintFmtSymbols.fields(SymbolicFormats.rewrite("print fmt: \"(%lx) dfd=%d\", REC->__probe_ip, REC->dfd\n"
                        + " field:unsigned long __probe_ip;").substring("print fmt: ".length()).split("\n")[0]));
    }

    @Test
    void printkArgumentPositions() {
        assertArrayEquals(new int[] {2}, PrintFmtSymbols.symbolArguments("corpus_printk: tick %d jiffies=%lu fn=%ps\\n"));
        assertArrayEquals(new int[] {0}, PrintFmtSymbols.symbolArguments("corpus_printk: init, timer fn=%ps at %px\\n"));
        // '*' widths take an argument; %% takes none
        assertArrayEquals(new int[] {4, 5}, PrintFmtSymbols.symbolArguments("%*d %% %.*s %pS %pF"));
        assertArrayEquals(new int[] {}, PrintFmtSymbols.symbolArguments("corpus_printk: bputs constant string\\n"));
    }

    @Test
    void kprobeFormatsPrintTheirAddressesAsSymbols() {
        String kprobe = "name: corpus_open\n\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
                + "print fmt: \"(%lx) dfd=%d\", REC->__probe_ip, REC->dfd\n";
        assertEquals(kprobe.replace("\"(%lx)", "\"(%pS)"), SymbolicFormats.rewrite(kprobe));
        String ret = "\tfield:unsigned long __probe_func;\n\tfield:unsigned long __probe_ret_ip;\n"
                + "print fmt: \"(%lx <- %lx) ret=%Ld\", REC->__probe_func, REC->__probe_ret_ip, REC->ret\n";
        assertEquals(ret.replace("(%lx <- %lx)", "(%pS <- %pS)"), SymbolicFormats.rewrite(ret));
        String other = "print fmt: \"(%lx) x=%d\", REC->x, REC->y\n";
        assertEquals(other, SymbolicFormats.rewrite(other));
    }
}
