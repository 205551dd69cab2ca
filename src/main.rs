// Fresh memory costs a page fault per page touched, and on the virtual machines this runs
// on a fault costs microseconds: mimalloc's arenas on transparent huge pages took a large
// comparison from 11,000 faults to 200 (see the README's dependency section).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(draftdiff::run());
}
